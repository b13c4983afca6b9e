"""Querysets compiled to SQL once, then run again with other values: for the hot reads.

Compiling a queryset to SQL costs the ORM more than PostgreSQL spends running a small query, and a draft
order's read runs a dozen of them. A `PreparedQuery` builds its queryset once per thread and database with
placeholder values, keeps the SQL and what the compiler knows of turning rows into model instances (the
columns' converters, the joined relations `select_related` fills), and then only substitutes the values and
runs it. The queryset
stays the one description of the query.

A query over a page's rows filters by a list of ids: `field__any_of=ids` takes them as one parameter, whatever
their number, so that query is prepared too.

`prefetched` puts rows fetched that way where a prefetch would have: `parent.relation.all()` then reads them
without a query, as everywhere else in the code.
"""

import json
import threading
from collections.abc import Callable, Iterable
from contextlib import nullcontext

from django.db import connections, router
from django.db.models import Field, Lookup, Model, QuerySet, signals, sql
from django.db.models.base import ModelState
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import get_related_populators
from django.db.models.query_utils import DeferredAttribute


class Placeholder(str):
    """A prepared query's parameter while its queryset is compiled."""


def array_parameter(values, connection):
    """Values as the one parameter `any_of` takes: an array on PostgreSQL, a JSON array elsewhere (SQLite)."""
    if isinstance(values, Placeholder):
        return values
    return list(values) if connection.vendor == "postgresql" else json.dumps(list(values))


class AnyOf(Lookup):
    """`field__any_of=values`: the field's value is one of `values`, sent as one parameter (`IN` sends one each)."""

    lookup_name = "any_of"
    prepare_rhs = False  # the values go to the database as they are, not through the field's to_python

    def get_db_prep_lookup(self, value, connection):
        return "%s", [array_parameter(value, connection)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} IN (SELECT value FROM json_each({rhs}))", [*lhs_params, *rhs_params]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a foreign key's lookups are its own, not those of Field


def instance_maker(model: type[Model], attnames: list[str]) -> Callable[[str, tuple], Model]:
    """`model.from_db` for rows of these columns; where `Model.__init__` would only assign every field's value (no
    field deferred, none with a descriptor of its own, no `__init__` override nor init signal), a function that
    assigns them directly, at a third of the cost: a page of the list makes hundreds of instances."""
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
    values = (
        populator.reorder_for_init(row)
        if populator.reorder_for_init
        else row[populator.cols_start : populator.cols_end]
    )
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

    The builder takes string parameters (ids) and must put each into the queryset as a plain value, or as the
    values of an `any_of` lookup (then the query is called with a list of strings there); the SQL does not depend
    on them otherwise. A `paged` query takes two more values, an offset and a limit, as a slice of the queryset.
    """

    def __init__(self, build: Callable[..., QuerySet], *, parameters: int = 1, paged: bool = False):
        self.build = build
        self.placeholders = tuple(Placeholder(f"\x1fprepared-{index}\x1f") for index in range(parameters))
        self.paged = paged
        self.model = build(*self.placeholders).model
        self._compiled = threading.local()

    def _sql(self, queryset: QuerySet, compiler) -> tuple[str, list, list]:
        """The queryset's SQL and parameters, and where in those the values go (parameter index, value index)."""
        sql, params = compiler.as_sql()
        slots = [
            (index, self.placeholders.index(param)) for index, param in enumerate(params) if param in self.placeholders
        ]
        if len(slots) != sum(1 for param in params if isinstance(param, str) and param.startswith("\x1fprepared-")):
            raise ValueError("a prepared query's parameter was changed on its way into the SQL")
        if self.paged:
            if queryset.query.is_sliced:
                raise ValueError("a paged prepared query is sliced by its offset and limit, not by its builder")
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, None, None]
            slots += [(len(params) - 1, len(self.placeholders)), (len(params) - 2, len(self.placeholders) + 1)]
        return sql, list(params), slots

    def _compile(self, using: str):
        queryset = self.build(*self.placeholders).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params, slots = self._sql(queryset, compiler)
        klass_info, select = compiler.klass_info, compiler.select
        fields_start, fields_end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        converters = compiler.get_converters([column[0] for column in select[0 : compiler.col_count]])
        attnames = [column[0].target.attname for column in select[fields_start:fields_end]]
        plan = (
            sql,
            params,
            slots,
            list(converters.items()),
            instance_maker(self.model, attnames),
            (fields_start, fields_end),
            _related_populators(klass_info, select, using),
        )
        self._compiled.__dict__[using] = plan
        return plan

    def statement(self, *values: str | list[str] | int) -> tuple[str, str, list]:
        """The database alias, the SQL and the parameters that fetch the rows for these values."""
        using = router.db_for_read(self.model)
        plan = self._compiled.__dict__.get(using) or self._compile(using)
        sql, params, slots = plan[0], list(plan[1]), plan[2]
        for index, value_index in slots:
            value = values[value_index]
            params[index] = value if isinstance(value, str | int) else array_parameter(value, connections[using])
        return using, sql, params

    def answer(self, using: str, rows: list) -> list[Model]:
        """Model instances from the rows the statement fetched, as the queryset's iteration makes them."""
        _, _, _, converters, make, (start, end), populators = self._compiled.__dict__[using]
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

    def __call__(self, *values: str | list[str] | int):
        using, sql, params = self.statement(*values)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self.answer(using, rows)


class PreparedCount(PreparedQuery):
    """`queryset.count()` of a builder's queryset, prepared as `PreparedQuery` prepares its rows."""

    def _compile(self, using: str):
        queryset = self.build(*self.placeholders).using(using).order_by().values("pk")
        sql, params, slots = self._sql(queryset, queryset.query.get_compiler(using=using))
        plan = self._compiled.__dict__[using] = (f"SELECT COUNT(*) FROM ({sql}) counted", params, slots)
        return plan

    def answer(self, using: str, rows: list) -> int:
        return rows[0][0]


def run_together(*calls: tuple[PreparedQuery, tuple]) -> list:
    """Several prepared queries that do not depend on each other, sent to PostgreSQL at once (psycopg's pipeline
    mode: one round trip instead of one each) and answered in the same order; elsewhere, one after the other."""
    statements = [query.statement(*values) for query, values in calls]
    using = statements[0][0]
    connection = connections[using]
    connection.ensure_connection()
    pipeline = getattr(connection.connection, "pipeline", None) if connection.vendor == "postgresql" else None
    cursors = []
    with pipeline() if pipeline is not None else nullcontext():
        for statement_using, sql, params in statements:
            if statement_using != using:
                raise ValueError("queries run together read one database")
            cursor = connection.cursor()
            cursor.execute(sql, params)
            cursors.append(cursor)
    results = []
    for (query, _), cursor in zip(calls, cursors, strict=True):
        with cursor:
            results.append(query.answer(using, cursor.fetchall()))
    return results


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
