import { sql, type RawBuilder } from "kysely";

/**
 * `with recursive below (id) as (…)`: the area and every area under it (a province's cities
 * and districts, a city's districts), for a query that then reads `select id from below`.
 * With a null area, `below` is empty.
 */
export function withAreaAndBelow(areaId: string | null): RawBuilder<unknown> {
  return sql`
    with recursive below (id) as (
      select a.id from public.areas a where a.id = ${areaId}::uuid
      union
      select a.id from public.areas a join below on a.parent_id = below.id
    )`;
}
