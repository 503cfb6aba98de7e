-- Rasa's tracker store gets a database of its own (Rasa runs SQLAlchemy 1.4 and creates
-- its own `events` table); run once when the compose PostgreSQL volume is created.
CREATE DATABASE cymar_rasa OWNER cymar;
