"""Writes sent together: inside `writes_together()` on PostgreSQL, the block's inserts, updates and deletes wait and
go to the database as ONE statement; on SQLite (embedded: a statement costs no round trip, and it has no writing
WITH) and outside a block, each goes at once, as the ORM call it stands for.

The block behaves as if each write went at once, in order: what waits is sent, as one statement, before any other
statement goes (a savepoint, a write made with the ORM directly, a read or lock of a table a waiting write changes)
and when the block ends; a read or lock of other tables goes ahead of it, seeing what it would have seen after it.
The rows a waiting write changes are locked when it is sent, after such a lock: a block's writes change rows it
locked itself (a draft's, the stock it takes) or new ones, so that order makes no lock cycle. A hot path can so
build its writes first and lock the rows others contend for last, holding them for one statement. So a hot
path takes its locks and reads first and then makes its writes, and they cost one statement; a write that must see
another's rows (one that changes or reads a table another waiting write changed, or inserts a row whose unique
column a waiting change of its table could clash with) sends what waits first. Each write becomes a data-modifying
WITH query, `WITH w0 AS (INSERT …), w1 AS (UPDATE … RETURNING 1) SELECT (SELECT count(*) FROM w1), …`: all run on
one snapshot, and foreign keys are checked when the statement ends (Django makes them deferrable), so a row may refer
to one inserted beside it. What the database answers is known once sent: a row count (`Counted.rows`), an auto key
(an event's `seq`); `then(fn)` runs what needs them when the block ends.
"""

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import AutoField, Case, Model, QuerySet, UniqueConstraint, Value, When, sql
from django.db.models.functions import Cast

from config.prepared import parameters_limit


@dataclass
class Counted:
    """The rows a write changed: known once it is sent."""

    rows: int | None = None


@dataclass
class _Part:
    sql: str
    params: Sequence
    counted: Counted = field(default_factory=Counted)  # the rows written
    returned: tuple[Sequence[Model], AutoField] | None = None  # new rows, and the auto key they take


@dataclass
class _Block:
    using: str
    limit: int  # the parameters one statement takes (config.prepared.parameters_limit): more go in more statements
    parts: list[_Part] = field(default_factory=list)
    # the tables the waiting writes change, each with whether only inserts into it wait
    written: dict[str, bool] = field(default_factory=dict)
    after: list[Callable[[], None]] = field(default_factory=list)
    kept: int = 0  # the steps of `after` registered before the last statement that was not a read
    sending: bool = False

    def add(self, model: type[Model], part: _Part, *, inserting: bool, reads: Iterable[str] = ()) -> None:
        if router.db_for_write(model) != self.using:
            raise ValueError(f"{model.__name__} is written to another database than the block's ({self.using})")
        table = model._meta.db_table
        if any(read in self.written for read in reads) or (
            inserting and table in self.written and not self.written[table] and _unique_besides_key(model)
        ):
            self.send()  # it must see what waits: one snapshot would not show it
        elif sum(len(waiting.params) for waiting in self.parts) + len(part.params) > self.limit:
            self.send()
        self.parts.append(part)
        self.written[table] = self.written.get(table, True) and inserting

    def before_statement(self, execute, sql, params, many, context):
        """Every statement of the block's connection: what waits goes before it, unless it is a read (or a lock)
        that names no table a waiting write changes (it sees the same rows either way). A savepoint rolled back
        drops what waits and the steps registered since the last statement that was not a read instead: they came
        after the savepoint, inside what is undone."""
        if not self.sending:
            if sql.startswith("ROLLBACK"):
                self.parts.clear()
                self.written.clear()
                del self.after[self.kept :]
            elif not self._unaffected(sql):
                self.send()
                self.kept = len(self.after)
        return execute(sql, params, many, context)

    def _unaffected(self, sql: str) -> bool:
        # Django's SQL names every table quoted, and its values are parameters: a table's quoted name in the text is
        # the table read
        return sql.startswith("SELECT") and not any(f'"{table}"' in sql for table in self.written)

    def send(self) -> None:
        if not self.parts:
            return
        parts, self.parts = self.parts, []
        self.written.clear()
        writes, answers, params = [], [], []
        for index, part in enumerate(parts):
            name = f"w{index}"
            if part.returned is not None:
                writes.append(f"{name} AS ({part.sql})")  # the compiler wrote its RETURNING
                answers.append(f"(SELECT json_agg({name}.{part.returned[1].column})::text FROM {name})")
            else:
                writes.append(f"{name} AS ({part.sql} RETURNING 1)")
                answers.append(f"(SELECT count(*) FROM {name})")
            params.extend(part.params)
        self.sending = True
        try:
            with connections[self.using].cursor() as cursor:
                cursor.execute(f"WITH {', '.join(writes)} SELECT {', '.join(answers)}", params)
                (row,) = cursor.fetchall()
        finally:
            self.sending = False
        for part, answer in zip(parts, row, strict=True):
            if part.returned is not None:
                rows, key = part.returned
                for instance, value in zip(rows, orjson.loads(answer), strict=True):
                    setattr(instance, key.attname, value)
            else:
                part.counted.rows = answer


@functools.cache
def _unique_besides_key(model: type[Model]) -> bool:
    """Whether a new row could clash with a row a waiting update or delete changes: its new key cannot (ids are made
    new), another unique column could."""
    meta = model._meta
    return (
        any(field.unique and not field.primary_key for field in meta.concrete_fields)
        or bool(meta.unique_together)
        or any(isinstance(constraint, UniqueConstraint) for constraint in meta.constraints)
    )


_block: ContextVar[_Block | None] = ContextVar("writes_together", default=None)


@contextmanager
def writes_together(using: str = "default") -> Iterator[None]:
    """The writes inside wait and go as one statement (on PostgreSQL; see the module). A block inside another joins
    it. Raising inside sends nothing more (the caller's transaction rolls back what went)."""
    connection = connections[using]
    if _block.get() is not None or connection.vendor != "postgresql":
        yield
        return
    block = _Block(using, parameters_limit(connection))
    token = _block.set(block)
    try:
        with connection.execute_wrapper(block.before_statement):
            yield
            block.send()
    finally:
        _block.reset(token)
    for step in block.after:
        step()


def then(step: Callable[[], None]) -> None:
    """`step` runs once the block's writes are sent (at once outside a block): what needs a count or a key."""
    block = _block.get()
    if block is None:
        step()
    else:
        block.after.append(step)


def rows_insert(rows: Sequence[Model]) -> None:
    """`bulk_create(rows)` for new rows of one model, all with their keys or all taking an auto key: inside a block,
    the INSERT the ORM would send goes with the block's statement and the keys are set when it is sent."""
    if not rows:
        return
    model = type(rows[0])
    block = _block.get()
    if block is None:
        model._base_manager.bulk_create(rows)
        return
    queryset = model._base_manager.using(block.using)
    queryset._prepare_for_bulk_create(rows)
    meta = model._meta
    auto = meta.pk if isinstance(meta.pk, AutoField) and not rows[0]._is_pk_set() else None
    if any(row._is_pk_set() == (auto is not None) for row in rows):
        raise ValueError("rows_insert takes rows that all have their keys, or none of them")
    fields = [field for field in meta.concrete_fields if not field.generated and field is not auto]
    query = sql.InsertQuery(model)
    query.insert_values(fields, rows)
    compiler = query.get_compiler(using=block.using)
    compiler.returning_fields = [auto] if auto is not None else None
    ((statement, params),) = compiler.as_sql()
    block.add(model, _Part(statement, params, returned=(rows, auto) if auto is not None else None), inserting=True)
    for row in rows:
        row._state.adding, row._state.db = False, block.using


def rows_update(queryset: QuerySet, **values) -> Counted:
    """`queryset.update(**values)`; inside a block, its count is known when the block is sent."""
    block = _block.get()
    if block is None:
        return Counted(queryset.update(**values))
    query = queryset.query.chain(sql.UpdateQuery)
    query.add_update_values(values)
    return _changed(queryset.model, block, query)


def row_save(instance: Model, update_fields: Sequence[str] | None = None) -> None:
    """`instance.save(update_fields=…)` of a row that exists (locked or made by this request), every field when None:
    the same UPDATE, its `auto_now` fields set on the instance as save sets them."""
    block = _block.get()
    if block is None:
        instance.save(update_fields=update_fields)
        return
    meta = type(instance)._meta
    if update_fields is None:
        changed = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
    else:
        changed = [meta.get_field(name) for name in update_fields]
    query = sql.UpdateQuery(type(instance))
    query.add_filter("pk", instance.pk)
    query.add_update_fields([(field, None, field.pre_save(instance, False)) for field in changed])
    _changed(type(instance), block, query)


def rows_update_each(rows: Sequence[Model], fields: Sequence[str]) -> None:
    """`bulk_update(rows, fields)`: each row's own values in one UPDATE (`CASE WHEN pk = … THEN …`), as the ORM
    writes it."""
    if not rows:
        return
    model = type(rows[0])
    block = _block.get()
    if block is None:
        model._base_manager.bulk_update(rows, fields)
        return
    cast = connections[block.using].features.requires_casted_case_in_updates
    values = {}
    for name in fields:
        field = model._meta.get_field(name)
        case = Case(
            *(When(pk=row.pk, then=Value(getattr(row, field.attname), output_field=field)) for row in rows),
            output_field=field,
        )
        values[field.attname] = Cast(case, output_field=field) if cast else case
    rows_update(model._base_manager.filter(pk__in=[row.pk for row in rows]), **values)


def column_saved(instance: Model, field_name: str) -> None:
    """`instance.save(update_fields=[field_name])` for one column that nothing derives (no `auto_now`, no signal
    reads it), as the one statement the ORM would send, without compiling an update query on each write."""
    model = type(instance)
    using = router.db_for_write(model)
    connection = connections[using]
    field, quote = model._meta.get_field(field_name), connection.ops.quote_name
    statement = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(field.column)} = %s WHERE {quote(model._meta.pk.column)} = %s"
    )
    params = [field.get_db_prep_save(getattr(instance, field.attname), connection), instance.pk]
    block = _block.get()
    if block is None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
        return
    block.add(model, _Part(statement, params), inserting=False, reads=[model._meta.db_table])


def rows_delete(queryset: QuerySet) -> Counted:
    """The rows' DELETE, as a fast delete sends it: for rows nothing refers to (no cascade, no signal)."""
    block = _block.get()
    if block is None:
        return Counted(queryset._raw_delete(queryset.db) or 0)  # None when no row can match
    query = queryset.query.clone()
    query.__class__ = sql.DeleteQuery
    return _changed(queryset.model, block, query)


def _changed(model: type[Model], block: _Block, query: sql.Query) -> Counted:
    try:
        statement, params = query.get_compiler(using=block.using).as_sql()
    except EmptyResultSet:  # `pk__in=[]`: no row, no statement (as the ORM)
        return Counted(0)
    counted = Counted()
    # its own table and those its WHERE joins (the joins the query still uses)
    reads = {model._meta.db_table}
    reads.update(join.table_name for alias, join in query.alias_map.items() if query.alias_refcount.get(alias))
    block.add(model, _Part(statement, params, counted=counted), inserting=False, reads=reads)
    return counted
