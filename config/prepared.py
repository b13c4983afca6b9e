"""Querysets compiled to SQL once, then run again with other values: for the hot reads.

Compiling a queryset to SQL costs the ORM more than PostgreSQL spends running a small query, and a draft
order's read runs a dozen of them. A `PreparedQuery` builds its queryset once per thread and database with
placeholder values, keeps the SQL and what the compiler knows of turning rows into model instances (the
columns' converters, the joined relations `select_related` fills), and then only substitutes the values and
runs it. The queryset stays the one description of the query.

Instances are made as `Model.from_db` makes them, without going through `Model.__init__` where that would only
assign the fields (`instance_maker`): a page of the list makes hundreds.

`prefetched` puts rows fetched that way where a prefetch would have: `parent.relation.all()` then reads them
without a query, as everywhere else in the code.

`run_together` sends several such queries as one statement: each becomes a scalar subquery that aggregates its
rows into a JSON array (`json_agg` on PostgreSQL, `json_group_array` on SQLite), and each value comes back as
the driver would have given it (see `_Json`), so a draft order's dozen relations cost one query. `read_ahead`
lets a write name what it will read, to go with its first such statement.
"""

import itertools
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Field, IntegerField, Model, QuerySet, signals, sql
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import get_related_populators
from django.db.models.query_utils import DeferredAttribute

STRING = -1  # a parameter's place in a query's shape, beside None and a list's length


def instance_maker(model: type[Model], attnames: list[str]) -> Callable[[str, tuple], Model]:
    """`model.from_db` for rows of these columns; where `Model.__init__` would only assign every field's value (no
    field deferred, none with a descriptor of its own, no `__init__` override nor init signal), a function that
    assigns them directly, at a third of the cost."""
    fields = model._meta.concrete_fields
    if (
        attnames != [field.attname for field in fields]
        or any(field.descriptor_class not in (DeferredAttribute, ForeignKeyDeferredAttribute) for field in fields)
        or model.__init__ is not Model.__init__
        or model.from_db.__func__ is not Model.from_db.__func__
        or signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
    ):
        return lambda db, values: model.from_db(db, attnames, values)

    def make(db: str, values: tuple) -> Model:
        instance = model.__new__(model)
        instance.__dict__.update(zip(attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, db
        return instance

    return make


def _populate(populator, row: list, parent: Model) -> None:
    """`RelatedPopulator.populate`, making the related instance with `instance_maker`'s function (`populator.make`)."""
    if populator.reorder_for_init:
        values = populator.reorder_for_init(row)
    else:
        values = row[populator.cols_start : populator.cols_end]
    related = None if values[populator.pk_idx] is None else populator.make(populator.db, values)
    if related is not None:
        for nested in populator.related_populators:
            _populate(nested, row, related)
    populator.local_setter(parent, related)
    if related is not None:
        populator.remote_setter(related, parent)


def _related_populators(klass_info: dict, select: list, using: str) -> list:
    populators = get_related_populators(klass_info, select, using)
    pending = list(populators)
    while pending:
        populator = pending.pop()
        populator.make = instance_maker(populator.model_cls, populator.init_list)
        pending.extend(populator.related_populators)
    return populators


class PreparedQuery:
    """`PreparedQuery(lambda cart_id: LineItem.objects.filter(cart_id=cart_id)...)`, then `query(cart_id)`.

    The builder takes string parameters (ids), lists of them (`pk__in=ids`) or None, and must put each string
    into the queryset as a plain value; the SQL does not depend on them otherwise. A list's length and which
    parameters are None are part of the SQL (`IN (%s, %s)`, `IS NULL`), so the query is compiled once for each
    such shape met; an empty list finds no rows, without a query. A `paged` query takes two more values, an
    offset and a limit, as a slice of the queryset.
    """

    def __init__(self, build: Callable[..., QuerySet], *, parameters: int = 1, paged: bool = False):
        self.build = build
        self.paged = paged
        probe = build(*(f"\x1fprepared-{index}\x1f" for index in range(parameters)))
        self.model, self.locks = probe.model, probe.query.select_for_update
        self._compiled = threading.local()

    def _compile(self, using: str, shape: tuple[int | None, ...]):
        """The plan for values of this shape (each `STRING`, None, or the length of a list of strings); None when
        the values find no rows whatever they are (an empty list)."""
        placeholders = {}
        arguments = []
        for index, length in enumerate(shape):
            if length is None:
                arguments.append(None)
            elif length is STRING:
                placeholders[f"\x1fprepared-{index}\x1f"] = (index, None)
                arguments.append(f"\x1fprepared-{index}\x1f")
            else:
                names = [f"\x1fprepared-{index}-{position}\x1f" for position in range(length)]
                placeholders.update({name: (index, position) for position, name in enumerate(names)})
                arguments.append(names)
        queryset = self._queryset(self.build(*arguments).using(using))
        if self.paged and queryset.query.is_sliced:
            raise ValueError("a paged prepared query is sliced by its offset and limit, not by its builder")
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = self._sql(compiler)
        except EmptyResultSet:
            self._compiled.__dict__[using, shape] = None
            return None
        slots = [(index, placeholders[param]) for index, param in enumerate(params) if param in placeholders]
        marked = [param for param in params if isinstance(param, str) and param.startswith("\x1fprepared-")]
        if len(slots) != len(marked) or {slot for _, slot in slots} != set(placeholders.values()):
            raise ValueError("a prepared query's parameter was changed on its way into the SQL, or left out of it")
        plan = (
            sql,
            list(params),
            slots,
            _Json(connections[using], self._columns(compiler)),
            *self._reading(compiler, using),
        )
        self._compiled.__dict__[using, shape] = plan
        return plan

    def _queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def _sql(self, compiler) -> tuple[str, tuple]:
        return compiler.as_sql()

    def _columns(self, compiler) -> list[Field]:
        return [expression.output_field for expression, _, _ in compiler.select]

    def _reading(self, compiler, using: str) -> tuple:
        """What turns the rows into model instances, as the compiler's iteration does."""
        klass_info, select = compiler.klass_info, compiler.select
        fields_start, fields_end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        converters = compiler.get_converters([column[0] for column in select[0 : compiler.col_count]])
        return (
            list(converters.items()),
            instance_maker(self.model, [column[0].target.attname for column in select[fields_start:fields_end]]),
            (fields_start, fields_end),
            _related_populators(klass_info, select, using),
        )

    def statement(self, *values: str | Sequence[str] | int) -> tuple[str, tuple, str | None, list]:
        """The database alias, the plan's key, and the SQL and parameters that fetch the rows for these values (no
        SQL when they find none)."""
        using = router.db_for_read(self.model)
        values, page = (values[:-2], values[-2:]) if self.paged else (values, ())
        shape = tuple(None if value is None else STRING if isinstance(value, str) else len(value) for value in values)
        plan = self.plan(using, shape)
        if plan is None:
            return using, shape, None, []
        sql, params = plan[0], list(plan[1])
        for index, (value_index, position) in plan[2]:
            params[index] = values[value_index] if position is None else values[value_index][position]
        if page:
            # in the SQL, as the ORM writes them: PostgreSQL then plans the prepared statement once, where a limit
            # given as a parameter has it plan every run
            offset, limit = page
            sql = f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}"
        return using, shape, sql, params

    def plan(self, using: str, shape: tuple):
        """What `_compile` made for values of this shape, compiled on first use in this thread."""
        compiled = self._compiled.__dict__
        return compiled[using, shape] if (using, shape) in compiled else self._compile(using, shape)

    def answer(self, using: str, shape: tuple, rows: list) -> list[Model]:
        """Model instances from the rows the statement fetched, as the queryset's iteration makes them."""
        _, _, _, _, converters, make, (start, end), populators = self._compiled.__dict__[using, shape]
        connection = connections[using]
        instances = []
        for row in rows:
            if converters:  # what compiler.results_iter does, with the converters worked out once
                row = list(row)
                for position, (functions, expression) in converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
            instance = make(using, row[start:end])
            for populator in populators:
                _populate(populator, row, instance)
            instances.append(instance)
        return instances

    def nothing(self) -> list[Model]:
        """The answer when the values find no rows whatever they are."""
        return []

    def __call__(self, *values: str | Sequence[str] | int):
        return run_together((self, values))[0]


class PreparedCount(PreparedQuery):
    """`queryset.count()` of a builder's queryset, prepared as `PreparedQuery` prepares its rows."""

    def _queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by().values("pk")

    def _sql(self, compiler) -> tuple[str, tuple]:
        sql, params = compiler.as_sql()
        return f"SELECT COUNT(*) FROM ({sql}) counted", params

    def _columns(self, compiler) -> list[Field]:
        return [IntegerField()]

    def _reading(self, compiler, using: str) -> tuple:
        return ()

    def answer(self, using: str, shape: tuple, rows: list) -> int:
        return rows[0][0]

    def nothing(self) -> int:
        return 0


def run_together(*calls: tuple[PreparedQuery, tuple]) -> list:
    """Several prepared queries that do not depend on each other, sent as one statement (`_Json`) and answered in
    the same order. A query that locks rows (`FOR UPDATE`) is sent alone, before the others, so that they see
    what the transactions it waited for committed. Inside `read_ahead`, a call it sent already is answered from
    what it fetched, and the calls it is waiting to send go with these (unless one of these locks: then what it
    fetched before is fetched again, with the next statement, as a read after the lock would see it)."""
    ahead = _ahead.get()
    if ahead is None:
        return _answered(calls)
    answers: dict[int, object] = {}
    for index, (query, values) in enumerate(calls):
        key = _key(query, values)
        if key in ahead.answers:
            answers[index] = ahead.answers.pop(key)[1]
    sent = [call for index, call in enumerate(calls) if index not in answers]
    keys = {_key(*call) for call in sent}
    ahead.waiting = [call for call in ahead.waiting if _key(*call) not in keys]  # asked for before it went
    joining = []
    if any(query.locks for query, _ in sent):
        ahead.waiting += [call for call, _ in ahead.answers.values()]
        ahead.answers.clear()
    elif sent:
        using = router.db_for_read(sent[0][0].model)
        joining = [call for call in ahead.waiting if router.db_for_read(call[0].model) == using]
        ahead.waiting = [call for call in ahead.waiting if router.db_for_read(call[0].model) != using]
    fetched = iter(_answered([*sent, *joining]) if sent else [])
    results = [answers[index] if index in answers else next(fetched) for index in range(len(calls))]
    for call in joining:
        ahead.answers[_key(*call)] = (call, next(fetched))
    return results


def _answered(calls) -> list:
    statements = [query.statement(*values) for query, values in calls]
    using = statements[0][0]
    if any(statement[0] != using for statement in statements):
        raise ValueError("queries run together read one database")
    pending = [index for index, statement in enumerate(statements) if statement[2] is not None]
    found: dict[int, list] = {}
    connection = connections[using]
    with connection.cursor() as cursor:
        alone = [[index] for index in pending if calls[index][0].locks]
        groups = _within(
            parameters_limit(connection), [index for index in pending if not calls[index][0].locks], statements
        )
        for group in [*alone, *groups]:
            if len(group) == 1:
                (index,) = group
                cursor.execute(*statements[index][2:])
                found[index] = cursor.fetchall()
                continue
            jsons = [calls[index][0].plan(using, statements[index][1])[3] for index in group]
            selected = (json.selected(statements[index][2]) for index, json in zip(group, jsons, strict=True))
            params = [param for index in group for param in statements[index][3]]
            cursor.execute("SELECT " + ", ".join(selected), params)
            (texts,) = cursor.fetchall()
            loaders = _Loaders(cursor.cursor, connection.timezone)
            for index, json, text in zip(group, jsons, texts, strict=True):
                found[index] = json.rows(text, loaders)
    return [
        query.answer(using, shape, found[index]) if index in found else query.nothing()
        for index, ((query, _), (_, shape, _, _)) in enumerate(zip(calls, statements, strict=True))
    ]


def parameters_limit(connection) -> int:
    """How many parameters one statement may take: SQLite's limit (32,766 unless compiled otherwise); PostgreSQL's
    65,535 (its protocol numbers them in 16 bits when the values go apart from the SQL, as the settings send them).
    Statements joined into one (here and in config.writes) stay within it."""
    if connection.vendor == "sqlite":
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65_535


def _within(limit: int, indexes: list[int], statements: list) -> list[list[int]]:
    """The statements in groups, in order, each group's parameters within the limit (one that alone exceeds it is
    a group of its own, as it would be sent without `run_together`)."""
    groups: list[list[int]] = []
    used = 0
    for index in indexes:
        count = len(statements[index][3])
        if not groups or used + count > limit:
            groups.append([])
            used = 0
        groups[-1].append(index)
        used += count
    return groups


class _Ahead:
    """What a `read_ahead` block holds: the calls it has not sent yet, and the answers of those sent but not asked
    for yet."""

    def __init__(self, calls):
        self.waiting: list[tuple[PreparedQuery, tuple]] = list(calls)
        self.answers: dict[tuple, tuple[tuple[PreparedQuery, tuple], object]] = {}  # key: (call, answer)


_ahead: ContextVar[_Ahead | None] = ContextVar("read_ahead", default=None)


def _key(query: PreparedQuery, values: tuple) -> tuple:
    return query, tuple(tuple(value) if isinstance(value, list) else value for value in values)


@contextmanager
def read_ahead(*calls: tuple[PreparedQuery, tuple]) -> Iterator[None]:
    """Queries the block will run (as `run_together` takes them), sent with the first statement it sends through
    `run_together` on their database that locks nothing: when the block then runs one of them with the same values,
    it is answered without a query, once. What the block never asks for costs no query of its own. The rows are as
    that statement saw them: only for reads that may run that early; a lock taken since sends them again (see
    `run_together`). Inside another block, the calls join it."""
    outer = _ahead.get()
    if outer is not None:
        known = {*outer.answers, *(_key(*call) for call in outer.waiting)}
        outer.waiting += [call for call in calls if _key(*call) not in known]
        yield
        return
    token = _ahead.set(_Ahead(calls))
    try:
        yield
    finally:
        _ahead.reset(token)


# A JSON array built in SQL holds at most this many columns: PostgreSQL's functions take 100 arguments at most,
# SQLite's 127; wider rows are arrays of such arrays.
_CHUNK = 50
# The column types (as `Field.db_type` names them, without a size) whose values JSON carries exactly as the
# driver gives them. Not floats: PostgreSQL's JSON writes NaN and the infinities as strings.
_POSTGRESQL_AS_IS = {
    "varchar", "char", "text", "integer", "bigint", "smallint", "serial", "bigserial", "smallserial", "boolean",
}  # fmt: skip
# SQLite's JSON writes a float to 15 digits (the driver gives all 17); its other values are text, integers or null.
_SQLITE_FLOATS = {"real", "decimal"}


class _Loaders:
    """How the values a statement wrote as text are read back, as its connection reads its columns: psycopg's
    loader of each type met (numeric as Decimal, and so on), and timestamps in the connection's time zone."""

    def __init__(self, cursor, timezone):
        self.cursor = cursor
        self.timezone = timezone
        self.made: dict[int, Callable] = {}

    def text(self, oid: int) -> Callable[[str], object]:
        load = self.made.get(oid)
        if load is None:
            from psycopg.pq import Format

            loader = self.cursor.adapters.get_loader(oid, Format.TEXT)(oid, self.cursor)
            load = self.made[oid] = lambda value: loader.load(value.encode())
        return load

    def timestamp(self, value: str) -> datetime:
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo == self.timezone else moment.astimezone(self.timezone)


# How a PostgreSQL column that JSON does not carry as the driver gives it travels (see `_Json`): a timestamp in
# JSON's ISO form, read by `datetime.fromisoformat` in the connection's time zone (as psycopg's loader under Django
# gives it, without its regular expression); jsonb as its text, which is what Django's loader gives too.
_TIMESTAMP, _TEXT = "timestamp", "text"
_POSTGRESQL_KINDS = {"timestamp with time zone": _TIMESTAMP, "jsonb": _TEXT}


class _Json:
    """One prepared query as a subquery of `run_together`'s statement: its rows as one JSON array of arrays of
    their columns, which `rows` turns back into the rows the query alone would have fetched."""

    def __init__(self, connection, columns: list[Field]):
        self.vendor = connection.vendor
        # per column: None (as is), _TIMESTAMP, _TEXT, a PostgreSQL type's oid (written as text, read by its
        # loader) or float (SQLite's, written to 17 digits)
        self.kinds: list = [self._kind(connection, field) for field in columns]
        names = [f"c{index}" for index in range(len(columns))]
        written = [self._written(name, kind) for name, kind in zip(names, self.kinds, strict=True)]
        array = "json_build_array" if self.vendor == "postgresql" else "json_array"
        chunks = ", ".join(
            f"{array}({', '.join(written[start : start + _CHUNK])})" for start in range(0, len(written), _CHUNK)
        )
        aggregated = (
            f"json_agg({array}({chunks}))::text"
            if self.vendor == "postgresql"
            else f"json_group_array({array}({chunks}))"
        )
        # the query's own ORDER BY orders the rows the aggregate reads: there is no join nor grouping around it
        self.head = f"(WITH t({', '.join(names)}) AS ("
        self.tail = f") SELECT {aggregated} FROM t)"
        self.converted = [(index, kind) for index, kind in enumerate(self.kinds) if kind not in (None, _TEXT)]

    def _kind(self, connection, field: Field):
        db_type = (field.db_type(connection) or "").split("(")[0].strip().lower()
        if self.vendor == "postgresql":
            if db_type in _POSTGRESQL_AS_IS:
                return None
            if db_type in _POSTGRESQL_KINDS:
                return _POSTGRESQL_KINDS[db_type]
            from psycopg.postgres import types

            info = types.get(db_type)
            if info is None:
                raise ValueError(f"a column of type {db_type!r} cannot be read through JSON")
            return info.oid
        if self.vendor == "sqlite":
            if db_type == "blob":
                raise ValueError("a binary column cannot be read through JSON")
            return float if db_type in _SQLITE_FLOATS else None
        raise ValueError(f"queries are not run together on {self.vendor}")

    def _written(self, name: str, kind) -> str:
        if kind is None or kind == _TIMESTAMP:
            return name
        if kind is float:  # 17 significant digits give the float back exactly ("%%" is a "%" in Django's SQL)
            return f"CASE WHEN {name} IS NULL THEN NULL ELSE printf('%%!.17g', {name}) END"
        return f"{name}::text"

    def selected(self, sql: str) -> str:
        return f"{self.head}{sql}{self.tail}"

    def rows(self, text: str | None, loaders: _Loaders) -> list[list]:
        rows = orjson.loads(text) if text else []
        chain = itertools.chain.from_iterable
        rows = [list(chain(row)) for row in rows]
        for index, kind in self.converted:
            load = float if kind is float else loaders.timestamp if kind == _TIMESTAMP else loaders.text(kind)
            for row in rows:
                value = row[index]
                if value is not None:
                    row[index] = load(value)
        return rows


class FetchedRows(QuerySet):
    """Rows already fetched for one parent's relation, answering `parent.relation.all()` and anything that reads
    them (iteration, len, count, exists, indexing). It has no filter on the parent, so anything that would query
    (a filter, an update, a delete) is refused rather than run against the whole table."""

    def _refuse(self, *args, **kwargs):
        raise TypeError(
            f"{self.model.__name__} rows fetched for one relation cannot be queried further: "
            "query them through their model"
        )

    _chain = update = delete = _update = _raw_delete = bulk_update = get_or_create = update_or_create = _refuse
    create = bulk_create = iterator = aggregate = _refuse


def fetched(instance: Model, relation: str) -> list[Model]:
    """The rows fetched for `instance`'s relation (by `prefetched` or a prefetch), never a query: a row made since
    the fetch has none yet."""
    rows = getattr(instance, "_prefetched_objects_cache", {}).get(relation)
    return [] if rows is None else list(rows)


def prefetched(parents: Iterable[Model], relation: str, rows: Iterable[Model], *, key: str | None = None) -> None:
    """Give each parent the rows whose `key` attribute is its primary key (without `key`: one parent, all the
    rows), as `prefetch_related(relation)` would: `parent.<relation>.all()` then answers them, in the order
    given, without a query."""
    parents = list(parents)
    if not parents:
        return
    by_parent: dict = {parent.pk: [] for parent in parents}
    if key is None:
        (parent,) = parents
        by_parent[parent.pk] = list(rows)
    for row in rows if key is not None else ():
        children = by_parent.get(getattr(row, key))
        if children is not None:
            children.append(row)
    model = type(parents[0])._meta.get_field(relation).related_model
    query = sql.Query(model)  # one for all: never run, never changed (FetchedRows refuses to chain)
    for parent in parents:
        fetched = FetchedRows(model=model, query=query)
        fetched._result_cache = by_parent[parent.pk]
        fetched._prefetch_done = True
        parent.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = fetched
