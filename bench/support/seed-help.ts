/**
 * Help requests at scale (issue 18's queue and dashboard benchmark), next to the demo data:
 * 200,000 requests over two years with 2,000,000 timeline events (ten each). The demo social
 * worker's district (Tianhe) gets what a district of its size would: 1% of the requests, about
 * 300 of them open, half of those assigned to him; the rest are spread over 100 districts of
 * their own under the demo cities, with nobody serving them. 15% of all requests are open (in
 * each open status), the rest resolved, declined or withdrawn; every request answered was
 * answered within three days and closed within three to thirty days, so the dashboard's medians and ages
 * have real work to do. 20,000 members of their own ask. Values only have to pass the tables'
 * checks.
 *
 * Measure with server-cost's --help-scale and --pages "/staff/help,/staff/dashboard"
 * (pages under /staff/ are fetched as the demo social worker).
 */
import { DEMO_WORKER, memberIdSql, memberStatements, TIANHE } from "./seed-scale";

export const HELP_SCALE_REQUESTS = 200_000;
const EVENTS_PER_REQUEST = 10;
const MEMBERS = 20_000;
const MEMBER_PREFIX = "e5000000";
const OTHER_AREAS = 100;
/** One request in this many is in the demo worker's district. */
const TIANHE_EVERY = 100;
const CITIES = ["440100", "513400", "420100"].map((code) => `'a0000000-0000-4000-8000-000000${code}'::uuid`);

export type HelpScaleSummary = { requests: number; events: number; members: number; areas: number; workerAreaRequests: number };

export function helpScaleSummary(requests = HELP_SCALE_REQUESTS): HelpScaleSummary {
  return { requests, events: requests * EVENTS_PER_REQUEST, members: MEMBERS, areas: OTHER_AREAS, workerAreaRequests: Math.floor(requests / TIANHE_EVERY) };
}

export function helpScaleStatements(requests = HELP_SCALE_REQUESTS): string[] {
  const areaId = (n: string) => `('c5000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const requestId = (n: string) => `('c6000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  // Request n: its status by n % 20 (0-2 open, one open status each in turn; 3-16 resolved,
  // 17-18 declined, 19 withdrawn), its age up to two years, minutes apart.
  const status = `case when n % 20 < 3 then (array['submitted', 'triaged', 'in_progress', 'waiting_for_member'])[1 + (n / 20) % 4]
                       when n % 20 < 17 then 'resolved' when n % 20 < 19 then 'declined' else 'withdrawn' end`;
  const createdAt = `now() - ((n % 730) || ' days')::interval - ((n * 7 % 1440) || ' minutes')::interval`;
  return [
    ...memberStatements(MEMBERS, MEMBER_PREFIX),
    `insert into public.areas (id, parent_id, level, code, name_zh, name_en)
     select ${areaId("n")}, (array[${CITIES.join(", ")}])[1 + n % ${CITIES.length}], 'district', 'bench-help-' || n, '求助测试区 ' || n, 'Help bench district ' || n
     from generate_series(1, ${OTHER_AREAS}) n`,
    `insert into public.help_requests
       (id, member_id, area_id, category, urgency, contact_way, description, status, assigned_to, idempotency_key,
        created_at, status_changed_at, first_response_at, closed_at)
     select ${requestId("n")}, ${memberIdSql(`(1 + n % ${MEMBERS})`, MEMBER_PREFIX)},
            case when n % ${TIANHE_EVERY} = 0 then '${TIANHE}'::uuid else ${areaId(`(1 + n % ${OTHER_AREAS})`)} end,
            (array['jobs', 'welfare', 'medical', 'legal_aid', 'housing', 'counselling', 'family', 'documents', 'other'])[1 + n % 9],
            (array['routine', 'routine', 'soon', 'urgent'])[1 + n % 4], 'portal', '需要帮助 ' || n, s.status,
            case when n % ${TIANHE_EVERY} = 0 and s.status <> 'submitted' and n % 200 = 0 then '${DEMO_WORKER}'::uuid end,
            gen_random_uuid(), t.created_at,
            coalesce(t.closed_at, t.first_response_at, t.created_at), t.first_response_at, t.closed_at
     from generate_series(1, ${requests}) n,
          lateral (select ${status} as status) s,
          lateral (select ${createdAt} as created_at) c,
          lateral (select c.created_at,
                          case when s.status <> 'submitted' then least(now(), c.created_at + ((1 + n % 72) || ' hours')::interval) end as first_response_at,
                          case when s.status in ('resolved', 'declined', 'withdrawn') then least(now(), c.created_at + ((3 + n % 28) || ' days')::interval) end as closed_at) t`,
    // Ten events a request, an hour apart from its asking: the worker's status changes, an
    // assignment, messages both ways and internal notes, the last its final status when closed.
    `insert into public.help_request_events (request_id, author_id, kind, to_status, body, assignee_id, visible_to_member, created_at)
     select r.id,
            case when k in (6, 8) then r.member_id else '${DEMO_WORKER}'::uuid end,
            e.kind,
            case e.kind when 'status' then case when k = 9 and r.closed_at is not null then r.status when k = 0 then 'triaged' else 'in_progress' end end,
            case when e.kind in ('message', 'note') then '消息 ' || k else '' end,
            case when e.kind = 'assignment' then '${DEMO_WORKER}'::uuid end,
            e.kind <> 'note',
            r.created_at + (k || ' hours')::interval
     from public.help_requests r
     cross join generate_series(0, ${EVENTS_PER_REQUEST - 1}) k
     cross join lateral (select (array['status', 'assignment', 'message', 'note', 'message', 'note', 'message', 'note', 'message', 'status'])[1 + k] as kind) e
     where r.id::text like 'c6000000-%'`,
  ];
}
