"""Pages of a query's results, for every list in the staff app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
PER_PAGE = 50
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: Sequence[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        """The position of the first item on this page (1-based), for "21 to 40 of 75"."""
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last_number(self) -> int:
        return min(self.total, self.page * self.per_page)


def page_number(raw: str | None) -> int:
    """`?page=` as a number: anything odd means the first page, never an error."""
    if raw is None or not raw.isdigit():
        return 1
    return max(1, min(int(raw), MAX_PAGE))


def paginate(
    session: Session, query: Select[Any], page: int, per_page: int = PER_PAGE
) -> Paged[Any]:
    """One page of `query` (which must have its ORDER BY), and how many there are in all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    last_page = max(1, -(-total // per_page))
    page = min(max(page, 1), last_page)
    items = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Paged(items=items, page=page, per_page=per_page, total=total)
