/** @module PostgreSQL schema of the waiting room shared by the nodes: the line, its frontier, the nodes' rates. */
// Three functions carry all of it, so that each is one statement and one round trip from a node:
// - room_sync, every ~100 ms from each node: reports the node's service rate, marks the tickets it served and the
//   Retry-After it gave, lets go of called places whose holders are overdue (recycling), moves the frontier by the
//   time elapsed times the deployment's total rate, and answers the view the node serves from until the next sync.
//   It locks the one room_state row, so the syncs of all nodes advance the frontier in one order, on the database's
//   clock (node clocks never pace the line).
// - room_join, only for arrivals that have to wait (a burst of them in one statement): the live ticket of each key
//   tag, or a new one from a sequence (no lock: joins from every node take numbers concurrently, in the order they
//   reach the database: first come, first served across the deployment).
// - room_draw, once at opening: the pre-queue drawn into random order.
// The passes' secret lives in `settings` (room_secret, written by the first node, like the demo vending key) and the
// numbering's epoch in room_state: both survive restarts, so after every node restarted old passes still work.

export const ROOM_MIGRATION = `
  -- Ticket numbers. A number drawn by a join that then lost a race (the same key joining on two nodes at once) is
  -- never used: the frontier passes it like a place nobody comes back to.
  CREATE SEQUENCE room_ticket_seq AS bigint MINVALUE 0 START WITH 0;

  -- One row. frontier: tickets below it have been called. called: the fractional frontier (tokens earned at the
  -- deployment's rate; below frontier while late returns are paid back). advanced_at: the database clock, in ms.
  CREATE TABLE room_state (
    id smallint PRIMARY KEY CHECK (id = 1),
    epoch bigint NOT NULL CHECK (epoch >= 0 AND epoch < 4294967296),
    frontier bigint NOT NULL DEFAULT 0,
    called double precision NOT NULL DEFAULT 0,
    recycle_rate double precision NOT NULL DEFAULT 0,
    expired bigint NOT NULL DEFAULT 0,
    advanced_at double precision,
    -- the opening instant (ms) whose pre-queue has been drawn: nodes open when they see it
    drawn_for double precision
  );
  INSERT INTO room_state (id, epoch) VALUES (1, floor(random() * 4294967296)::bigint);

  -- state: 0 live (waiting, or called and held), 1 served, 2 lapsed and recycled. tag: the key's 64-bit SipHash tag
  -- (never the meter or contract number). due_ms: when the holder is due back, on the database's clock (nodes send
  -- delays, so a node whose clock is off never lapses a place early).
  CREATE TABLE room_tickets (
    ticket bigint PRIMARY KEY,
    tag bigint NOT NULL,
    due_ms double precision NOT NULL,
    state smallint NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    -- registered before opening: drawn into random order at opening
    pre boolean NOT NULL DEFAULT false
  );
  -- One live place per key: coming back without the pass finds it, and asking twice never draws a second one.
  CREATE UNIQUE INDEX room_tickets_live_tag ON room_tickets (tag) WHERE state = 0;
  -- Called places still held: the few rows the recycling and the pending count look at.
  CREATE INDEX room_tickets_live ON room_tickets (ticket) WHERE state = 0;
  -- A pre-queue pass after the draw finds its drawn place by key, even once served or lapsed (honoured late).
  CREATE INDEX room_tickets_tag ON room_tickets (tag, ticket);

  -- Each node's last report; a node silent for 3 s no longer counts towards the rate.
  CREATE TABLE room_nodes (
    node text PRIMARY KEY,
    pace double precision NOT NULL,
    rate double precision NOT NULL,
    seen_ms double precision NOT NULL
  );

  CREATE FUNCTION room_head() RETURNS bigint LANGUAGE sql VOLATILE AS
    $$ SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM room_ticket_seq $$;

  CREATE FUNCTION room_sync(p_node text, p_pace double precision, p_rate double precision, p_served bigint[],
    p_due_tickets bigint[], p_due_in_ms double precision[], p_grace_ms double precision)
  RETURNS TABLE (epoch bigint, head bigint, frontier bigint, pace double precision, rate double precision,
    recycle_rate double precision, pending bigint, expired bigint, nodes integer, late integer,
    drawn_for double precision)
  LANGUAGE plpgsql AS $fn$
  #variable_conflict use_column
  DECLARE
    s room_state%ROWTYPE;
    db_now double precision := extract(epoch FROM clock_timestamp()) * 1000;
    v_head bigint;
    v_pace double precision;
    v_rate double precision;
    v_nodes integer;
    v_late integer;
    v_lapsed integer;
    v_called double precision;
    v_frontier bigint;
    v_rr double precision;
    dt double precision;
  BEGIN
    INSERT INTO room_nodes AS n (node, pace, rate, seen_ms) VALUES (p_node, p_pace, p_rate, db_now)
      ON CONFLICT (node) DO UPDATE SET pace = excluded.pace, rate = excluded.rate, seen_ms = excluded.seen_ms;
    DELETE FROM room_nodes n WHERE n.seen_ms < db_now - 3600000;
    SELECT * INTO s FROM room_state r WHERE r.id = 1 FOR UPDATE;
    -- A lapsed place honoured late was paid for again by recycling: the line pays it back from its next tokens.
    UPDATE room_tickets t SET state = 1 WHERE t.ticket = ANY (p_served) AND t.state = 2;
    GET DIAGNOSTICS v_late = ROW_COUNT;
    UPDATE room_tickets t SET state = 1 WHERE t.ticket = ANY (p_served) AND t.state = 0;
    UPDATE room_tickets t SET due_ms = db_now + d.due_in FROM unnest(p_due_tickets, p_due_in_ms) AS d(ticket, due_in)
      WHERE t.ticket = d.ticket AND t.state = 0;
    -- Recycling: a called place whose holder is past due plus the grace gives its token to the next ticket.
    UPDATE room_tickets t SET state = 2 WHERE t.state = 0 AND t.ticket < s.frontier AND t.due_ms + p_grace_ms < db_now;
    GET DIAGNOSTICS v_lapsed = ROW_COUNT;
    SELECT coalesce(sum(n.pace), 0), coalesce(sum(n.rate), 0), count(*)::int INTO v_pace, v_rate, v_nodes
      FROM room_nodes n WHERE n.seen_ms >= db_now - 3000;
    v_head := room_head();
    -- Capped at 10 s: after a pause of the whole deployment the line resumes at its pace, not with a stampede.
    dt := greatest(0, least(10000, db_now - coalesce(s.advanced_at, db_now)));
    -- Tokens never run ahead of the line (called <= head: nothing piles up while nobody waits), and the debt of late
    -- returns is held to one second of pace.
    v_called := least(v_head::double precision,
      greatest(s.frontier - greatest(1, v_pace), s.called + v_pace * dt / 1000 + v_lapsed - v_late));
    v_frontier := greatest(s.frontier, floor(v_called)::bigint);
    IF v_frontier > s.frontier THEN
      -- Held from the later of the call and the holder's due time.
      UPDATE room_tickets t SET due_ms = greatest(t.due_ms, db_now)
        WHERE t.state = 0 AND t.ticket >= s.frontier AND t.ticket < v_frontier;
    END IF;
    v_rr := s.recycle_rate;
    IF dt > 0 THEN
      v_rr := v_rr + (1 - exp(-dt / 10000)) * (v_lapsed * 1000 / dt - v_rr);
    END IF;
    UPDATE room_state r SET frontier = v_frontier, called = v_called, recycle_rate = v_rr,
      expired = r.expired + v_lapsed, advanced_at = db_now WHERE r.id = 1;
    RETURN QUERY SELECT s.epoch, v_head, v_frontier, v_pace, v_rate, v_rr,
      (SELECT count(*) FROM room_tickets t WHERE t.state = 0 AND t.ticket < v_frontier), s.expired + v_lapsed, v_nodes,
      v_late, s.drawn_for;
  END
  $fn$;

  -- Opening: draws the pre-queue into random order (ORDER BY random() over the tags: a uniform permutation, as
  -- Fisher-Yates). The tags move, the ticket numbers stay: deleted and inserted again, as swapping tags in place would
  -- trip the one-live-place-per-key index. Its own statement, not part of room_sync: 100,000 registrations take a
  -- second or two, and the syncs of every node must not wait on it (their views would go stale: 503s at opening).
  -- Nothing moves meanwhile (nodes call nobody before they see drawn_for); one node draws, the others skip.
  CREATE FUNCTION room_draw(p_opens_at double precision) RETURNS boolean LANGUAGE plpgsql AS $fn$
  #variable_conflict use_column
  DECLARE
    v_tickets bigint[];
    v_tags bigint[];
  BEGIN
    IF NOT pg_try_advisory_xact_lock(7437014141535400972) THEN
      RETURN false;
    END IF;
    IF (SELECT r.drawn_for FROM room_state r WHERE r.id = 1) IS NOT DISTINCT FROM p_opens_at THEN
      RETURN false;
    END IF;
    SELECT array_agg(t.ticket ORDER BY t.ticket), array_agg(t.tag ORDER BY random()) INTO v_tickets, v_tags
      FROM room_tickets t WHERE t.state = 0 AND t.pre;
    DELETE FROM room_tickets t WHERE t.state = 0 AND t.pre;
    INSERT INTO room_tickets (ticket, tag, due_ms)
      SELECT x.ticket, x.tag, extract(epoch FROM clock_timestamp()) * 1000 FROM unnest(v_tickets, v_tags) AS x(ticket, tag);
    UPDATE room_state r SET drawn_for = p_opens_at WHERE r.id = 1;
    RETURN true;
  END
  $fn$;

  -- Several arrivals in one statement, in the order given (a node sends the joins that came in while its previous
  -- statement ran: one round trip for a burst, as group commit does for credits). Per arrival, p_insert false: look
  -- up only (after closing, a newcomer gets no place, but someone already in line keeps theirs); p_pre: registered
  -- before opening, in the draw; p_latest: the key's latest place in any state (a pre-queue pass after the draw: its
  -- drawn place may have been called and lapsed already, and is still honoured). One row per arrival, ticket -1 when
  -- nothing was found nor taken.
  CREATE FUNCTION room_join(p_tags bigint[], p_due_in_ms double precision[], p_insert boolean[], p_pre boolean[],
    p_latest boolean[])
  RETURNS TABLE (ord integer, ticket bigint, frontier bigint, head bigint)
  LANGUAGE plpgsql AS $fn$
  #variable_conflict use_column
  DECLARE
    v bigint;
    db_now double precision := extract(epoch FROM clock_timestamp()) * 1000;
  BEGIN
    FOR i IN 1 .. coalesce(cardinality(p_tags), 0) LOOP
      v := NULL;
      IF p_latest[i] THEN
        SELECT t.ticket INTO v FROM room_tickets t WHERE t.tag = p_tags[i] ORDER BY t.ticket DESC LIMIT 1;
      ELSE
        SELECT t.ticket INTO v FROM room_tickets t WHERE t.tag = p_tags[i] AND t.state = 0;
      END IF;
      IF v IS NULL AND p_insert[i] THEN
        INSERT INTO room_tickets AS t (ticket, tag, due_ms, pre)
          VALUES (nextval('room_ticket_seq'), p_tags[i], db_now + p_due_in_ms[i], p_pre[i])
          ON CONFLICT (tag) WHERE state = 0 DO NOTHING RETURNING t.ticket INTO v;
        IF v IS NULL THEN
          SELECT t.ticket INTO v FROM room_tickets t WHERE t.tag = p_tags[i] AND t.state = 0;
        END IF;
      END IF;
      RETURN QUERY SELECT i, coalesce(v, -1), r.frontier, room_head() FROM room_state r WHERE r.id = 1;
    END LOOP;
  END
  $fn$;
`;

/**
 * Migration 3: pruning the line. room_tickets kept a row for everyone who ever queued; room_prune deletes the rows
 * nothing will ask for again, a bounded batch per call (the node calls it in the background about once a minute).
 * What still reads a row once it is served (1) or lapsed (2):
 * - room_join with p_latest: a pre-queue pass presented after the draw finds its drawn place by key, in any state,
 *   and is honoured late. Pruned, the bearer gets a new place at the back, as with an expired pass.
 * - room_sync, for a lapsed place honoured late: the line pays it back from its next tokens. Pruned, nothing is paid
 *   back (one token too many); the holder is served all the same (the ticket is in the pass).
 * Both need a pass still valid. A pass expires its ETA plus the pass TTL after it was given, and the place is due
 * back at the Retry-After given with it, or when it is called if that is later: the node keeps rows twice the TTL
 * past their due time. A pass outlives that only if its ETA was overestimated by more than the TTL (a pre-queue pass's
 * ETA is the middle of the registrations: many registrations at a low rate).
 * Live rows (0) are never deleted, nor anything at or above the frontier; due_ms of a row no longer live never changes.
 * No index for it: the sequential scan under the LIMIT took 20-75 ms for 10,000 rows deleted out of 200,000, and
 * ~130 ms finding none among 1,000,000 (about 30 minutes of a line moving at 550/s), once a minute in the background;
 * an index on due_ms would make every due time room_sync writes (each Retry-After, each call) a non-HOT update.
 */
export const ROOM_PRUNE_MIGRATION = `
  -- Served and lapsed rows whose due time is older than p_keep_ms on the database's clock, at most p_limit of them
  -- (one call holds its row locks briefly). One node prunes at a time: the others' calls return 0 at once.
  CREATE FUNCTION room_prune(p_keep_ms double precision, p_limit integer) RETURNS integer LANGUAGE plpgsql AS $fn$
  #variable_conflict use_column
  DECLARE
    v_frontier bigint;
    v_before double precision := extract(epoch FROM clock_timestamp()) * 1000 - p_keep_ms;
    v_deleted integer;
  BEGIN
    IF p_keep_ms IS NULL OR p_keep_ms < 0 OR p_limit IS NULL OR p_limit < 1 THEN
      RAISE EXCEPTION 'room_prune: keep (%) must be >= 0 and limit (%) >= 1', p_keep_ms, p_limit;
    END IF;
    IF NOT pg_try_advisory_xact_lock(7437014141535400973) THEN
      RETURN 0;
    END IF;
    SELECT r.frontier INTO v_frontier FROM room_state r WHERE r.id = 1;
    DELETE FROM room_tickets t WHERE t.ticket = ANY (ARRAY(
        SELECT x.ticket FROM room_tickets x WHERE x.state <> 0 AND x.ticket < v_frontier AND x.due_ms < v_before
        LIMIT p_limit))
      AND t.state <> 0 AND t.due_ms < v_before;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    RETURN v_deleted;
  END
  $fn$;
`;
