"""Staff: accounts, sign-in and peer supporters' availability."""
