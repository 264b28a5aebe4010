// The console's page: plain DOM, no framework. Every value from the server is set as text, never
// as HTML, so nothing an event carries can run in the page.
'use strict';

const view = document.getElementById('view');
const listeners = { flow: [], health: [] };
let lastHealth;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) + '.' + String(new Date(iso).getMilliseconds()).padStart(3, '0') : '');
const short = (id) => (id ? String(id).slice(0, 8) : '');
const statusPill = (status, reason) => el('span', { class: `pill status-${status || 'unknown'}`, 'data-status': status || '' }, status || '?', reason ? ` (${reason})` : '');
const link = (href, text) => el('a', { href, onclick: (e) => { e.preventDefault(); go(href); } }, text);

async function api(method, path, body) {
  const response = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const data = await response.json().catch(() => ({}));
  return { status: response.status, ok: response.ok, data };
}

// One EventSource for the whole page; views subscribe to its `flow` and `health` messages.
function connect() {
  const source = new EventSource('/api/stream');
  const badge = document.getElementById('connection');
  source.onopen = () => { badge.textContent = 'live'; badge.className = 'pill ok'; };
  source.onerror = () => { badge.textContent = 'reconnecting…'; badge.className = 'pill warn'; };
  for (const type of ['flow', 'health']) {
    source.addEventListener(type, (message) => {
      const data = JSON.parse(message.data);
      if (type === 'health') lastHealth = data;
      for (const listener of listeners[type]) listener(data);
    });
  }
}

function go(path) {
  history.pushState(null, '', path);
  route();
}
window.addEventListener('popstate', route);
document.getElementById('find').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = document.getElementById('find-id').value.trim();
  if (id) go(`/orders/${encodeURIComponent(id)}`);
});

function route() {
  listeners.flow = [];
  listeners.health = [];
  view.replaceChildren();
  const path = location.pathname;
  let match;
  if ((match = path.match(/^\/orders\/([^/]+)$/))) return orderView(decodeURIComponent(match[1]));
  if ((match = path.match(/^\/dead-letters\/([^/]+)$/))) return deadLetterQueueView(decodeURIComponent(match[1]));
  if (path === '/dead-letters') return deadLettersView();
  return liveView();
}

// ---- Live view ----------------------------------------------------------------------------

async function liveView() {
  const counts = el('div', { class: 'counts', id: 'counts' });
  const reasons = el('div', { class: 'counts', id: 'reasons' });
  const rate = el('span', { id: 'rate' }, '0');
  const total = el('span', { id: 'total' }, '0');
  const rows = el('tbody', { id: 'orders' });
  const services = el('div', { id: 'services' });
  const tryResult = el('div', { id: 'try-result', class: 'muted' });
  const scenarios = el('div', { class: 'scenarios', id: 'scenarios' });
  view.append(
    el('section', {}, el('h2', {}, 'Orders by status'), counts, el('p', {}, el('b', {}, rate), ' events/s · ', total, ' events seen'), el('h2', {}, 'Cancelled, by reason'), reasons),
    el('section', {}, el('h2', {}, 'Try it'), scenarios, tryResult),
    el('div', { class: 'wide' },
      el('section', {}, el('h2', {}, 'Orders, live'), el('table', {}, el('thead', {}, el('tr', {}, ['order', 'customer', 'status', 'through', 'last event', 'events', 'failed attempts', 'updated'].map((h) => el('th', {}, h)))), rows)),
      el('section', {}, el('h2', {}, 'Services'), services)),
  );
  const orders = new Map();
  const renderCounts = (c) => {
    counts.replaceChildren(...Object.entries(c.byStatus).map(([status, n]) => el('div', { class: `count status-${status}`, 'data-count': status }, el('b', {}, n), status)));
    const entries = Object.entries(c.byCancelReason).filter(([, n]) => n > 0);
    reasons.replaceChildren(...(entries.length ? entries.map(([reason, n]) => el('div', { class: 'count', 'data-reason': reason }, el('b', {}, n), reason)) : [el('span', { class: 'muted' }, 'none')]));
    rate.textContent = c.eventsPerSecond;
    total.textContent = c.totalEvents;
  };
  const renderOrders = (flash) => {
    const latest = [...orders.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 50);
    rows.replaceChildren(...latest.map((o) => el('tr', { 'data-order-id': o.orderId, class: flash.has(o.orderId) ? 'flash' : '' },
      el('td', { class: 'mono' }, link(`/orders/${o.orderId}`, short(o.orderId))), el('td', {}, o.customerId || ''), el('td', {}, statusPill(o.status, o.cancelReason)),
      el('td', {}, pathOf(o)), el('td', { class: 'mono' }, o.lastEvent), el('td', {}, o.events), el('td', {}, o.failedAttempts || ''), el('td', {}, time(o.updatedAt)))));
  };
  listeners.flow.push((update) => {
    renderCounts(update.counts);
    for (const o of update.orders) orders.set(o.orderId, o);
    renderOrders(new Set(update.orders.map((o) => o.orderId)));
  });
  listeners.health.push((snapshot) => renderServices(services, snapshot));
  const first = await api('GET', '/api/flow');
  renderCounts(first.data.counts);
  for (const o of first.data.orders) orders.set(o.orderId, o);
  renderOrders(new Set());
  if (lastHealth) renderServices(services, lastHealth);
  const list = await api('GET', '/api/scenarios');
  scenarios.replaceChildren(...list.data.map((s) => el('button', { 'data-scenario': s.name, title: `ends: ${s.expect}`, onclick: () => placeScenario(s, tryResult) }, s.title)));
}

// The services the order has been through, the latest highlighted: the order "moving" along the flow.
function pathOf(o) {
  return el('span', { class: 'path' }, (o.path || []).map((service) =>
    el('span', { class: `hop ${service === o.lastService ? 'last' : ''}`, title: service }, service.replace('-service', ''))));
}

async function placeScenario(scenario, out) {
  out.textContent = `placing ${scenario.title}…`;
  const result = await api('POST', `/api/scenarios/${scenario.name}`);
  if (!result.ok) { out.replaceChildren(el('span', { class: 'notice error' }, result.data.message || `failed (${result.status})`)); return; }
  out.replaceChildren(`${scenario.title}: order `, link(`/orders/${result.data.orderId}`, result.data.orderId), ` placed; expect ${scenario.expect}.`);
  out.dataset.orderId = result.data.orderId;
}

function renderServices(container, snapshot) {
  container.replaceChildren(
    el('p', {}, 'broker ', el('span', { class: `pill ${snapshot.broker ? 'ok' : 'bad'}` }, snapshot.broker ? 'connected' : 'away'), el('span', { class: 'muted' }, ` · polled ${time(snapshot.at)}`)),
    el('table', {}, el('thead', {}, el('tr', {}, ['service', '/health/ready', 'queue', 'ready msgs', 'consumers'].map((h) => el('th', {}, h)))),
      el('tbody', {}, snapshot.services.flatMap((s) => s.queues.map((q, i) => el('tr', { 'data-service': s.service },
        i === 0 ? el('td', { rowspan: s.queues.length }, s.service) : null,
        i === 0 ? el('td', { rowspan: s.queues.length }, el('span', { class: `pill ${s.ready ? 'ok' : 'bad'}`, title: s.detail, 'data-ready': String(s.ready) }, s.ready ? 'ready' : 'not ready')) : null,
        el('td', { class: 'mono' }, q.kind === 'dead-letter' ? link(`/dead-letters/${q.queue}`, q.queue) : q.queue),
        el('td', { class: q.kind === 'dead-letter' && q.messages > 0 ? 'pill bad' : '' }, q.messages ?? '–'), el('td', {}, q.consumers ?? '–')))))),
  );
}

// ---- One order --------------------------------------------------------------------------------

async function orderView(id) {
  const body = el('div', { id: 'order-view' }, el('p', { class: 'muted' }, 'loading…'));
  view.append(body);
  const load = async () => {
    const result = await api('GET', `/api/orders/${encodeURIComponent(id)}`);
    if (result.status === 404 || result.status === 400) {
      body.replaceChildren(el('section', {}, el('h2', { id: 'not-found' }, 'not found'), el('p', {}, `No order or correlation id “${id}” is known to the console or to order-service.`)));
      return undefined;
    }
    if (!result.ok) { body.replaceChildren(el('p', { class: 'notice error' }, result.data.message || `error ${result.status}`)); return undefined; }
    renderTimeline(body, result.data);
    return result.data.orderId;
  };
  let orderId = await load();
  let pending = false;
  // Reload when the order moves (the flow stream names it), at most once per tick.
  listeners.flow.push(async (update) => {
    if (pending || !update.orders.some((o) => o.orderId === (orderId || id) || o.correlationId === id)) return;
    pending = true;
    try { orderId = await load(); } finally { pending = false; }
  });
}

function renderTimeline(container, t) {
  const order = t.order.ok ? t.order.body : undefined;
  const status = order ? order.status : t.live && t.live.status;
  const events = [...t.events].sort((a, b) => a.at.localeCompare(b.at));
  container.replaceChildren(
    el('section', {},
      el('h2', {}, 'Order ', el('span', { class: 'mono', id: 'order-id' }, t.orderId), ' ', el('span', { id: 'order-status' }, statusPill(status, order && order.cancelReason))),
      el('p', {}, 'correlation ', el('span', { class: 'mono', id: 'correlation-id' }, t.correlationId || '?'), ' · share: ', link(`/orders/${t.orderId}`, location.origin + `/orders/${t.orderId}`)),
      t.order.ok ? null : el('p', { class: 'notice' }, `order-service: ${t.order.error}`)),
    el('section', {}, el('h2', {}, `Events (${events.length})`),
      el('table', { id: 'events' }, el('thead', {}, el('tr', {}, ['time', 'service', 'routing key', 'event id', 'correlation', 'causation', 'attempt', 'note'].map((h) => el('th', {}, h)))),
        el('tbody', {}, events.map((e) => el('tr', { 'data-routing-key': e.routingKey, 'data-event-id': e.eventId || '' },
          el('td', {}, time(e.at)), el('td', {}, e.service || ''), el('td', { class: 'mono' }, e.routingKey), el('td', { class: 'mono', title: e.eventId }, short(e.eventId)),
          el('td', { class: 'mono', title: e.correlationId }, short(e.correlationId)), el('td', { class: 'mono', title: e.causationId }, short(e.causationId)),
          el('td', {}, typeof e.data.attempt === 'number' ? e.data.attempt : e.attempt), el('td', {}, note(e))))))),
    el('section', { class: 'chain' }, el('h2', {}, 'Causal chain'), chain(events)),
    el('div', { class: 'grid' },
      effect('Payment', t.payment), effect('Reservations', t.reservations), effect('Shipment', t.shipment), effect('Notifications', t.notifications)),
  );
}

function note(e) {
  const parts = [];
  if (e.replayCount) parts.push(`replayed ×${e.replayCount}`);
  if (e.data && e.data.reason) parts.push(String(e.data.reason));
  if (e.data && e.data.error) parts.push(String(e.data.error));
  if (e.source === 'order-history') parts.push('from order history');
  return parts.join(' · ');
}

// Events under the event that caused them; an event whose cause the console never saw is a root.
function chain(events) {
  const ids = new Set(events.map((e) => e.eventId));
  const children = new Map();
  for (const e of events) {
    const parent = e.causationId && ids.has(e.causationId) && e.causationId !== e.eventId ? e.causationId : 'root';
    if (!children.has(parent)) children.set(parent, []);
    // A replayed copy has the same id as its original: list it once under its cause.
    if (!children.get(parent).some((c) => c.eventId === e.eventId && c.eventId)) children.get(parent).push(e);
  }
  const seen = new Set();
  const branch = (key) => el('ul', {}, (children.get(key) || []).map((e) => {
    if (seen.has(e.eventId)) return null;
    seen.add(e.eventId);
    return el('li', {}, el('span', { class: `node ${e.routingKey.includes('failed') ? 'failed' : ''}` }, `${e.routingKey} · ${e.service || '?'} · ${short(e.eventId)}`), e.eventId ? branch(e.eventId) : null);
  }));
  return branch('root');
}

function effect(title, result) {
  return el('section', { 'data-effect': title.toLowerCase() }, el('h2', {}, title),
    result.ok ? el('pre', {}, JSON.stringify(result.body, null, 2)) : el('p', { class: 'muted' }, result.status === 404 ? 'none' : result.error));
}

// ---- Dead letters -----------------------------------------------------------------------------

async function deadLettersView() {
  const body = el('tbody', { id: 'dlqs' });
  view.append(el('section', {}, el('h2', {}, 'Dead-letter queues'), el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'queue'), el('th', {}, 'messages'))), body)));
  const load = async () => {
    const result = await api('GET', '/api/dead-letters');
    if (!result.ok) { body.replaceChildren(el('tr', {}, el('td', { colspan: 2, class: 'notice error' }, result.data.message))); return; }
    body.replaceChildren(...result.data.map((q) => el('tr', { 'data-queue': q.queue }, el('td', { class: 'mono' }, link(`/dead-letters/${q.queue}`, q.queue)), el('td', { 'data-count': q.messages ?? 0 }, q.exists ? q.messages : 'not declared yet'))));
  };
  listeners.health.push(load);
  await load();
}

async function deadLetterQueueView(queue) {
  const out = el('div', { id: 'replay-result' });
  const body = el('tbody', { id: 'dead-letters' });
  const header = el('h2', {}, queue);
  const selected = () => [...body.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
  // Orders whose message was replayed from here, with their status as the flow moves them on.
  const replayed = new Map();
  const replayedBody = el('tbody', { id: 'replayed' });
  const renderReplayed = () => replayedBody.replaceChildren(...[...replayed.values()].map((o) => el('tr', { 'data-order-id': o.orderId },
    el('td', { class: 'mono' }, link(`/orders/${o.orderId}`, o.orderId)), el('td', {}, statusPill(o.status, o.cancelReason)), el('td', {}, o.lastEvent || ''))));
  const replay = async (selection) => {
    out.replaceChildren('replaying…');
    const orderOf = new Map(rows.map((r) => [r.messageId, r.orderId]));
    const clickedAt = new Date().toISOString();
    const result = await api('POST', `/api/dead-letters/${encodeURIComponent(queue)}/replay`, selection);
    if (!result.ok) out.replaceChildren(el('p', { class: 'notice error' }, result.data.message || `failed (${result.status})`));
    else out.replaceChildren(el('p', { class: 'notice' }, `replayed ${result.data.replayed}, skipped ${result.data.skipped}, failed ${result.data.failed}` + (result.data.notFound.length ? `; already gone: ${result.data.notFound.join(', ')}` : '')));
    for (const outcome of result.ok ? result.data.outcomes : []) {
      const orderId = orderOf.get(outcome.messageId);
      // The order may have moved on before the replay's answer came back: take what the flow said since.
      const since = moved.get(orderId);
      if (outcome.status === 'replayed' && orderId) replayed.set(orderId, since && since.updatedAt >= clickedAt ? since : { orderId, status: 'replayed', lastEvent: outcome.routingKey });
    }
    renderReplayed();
    await load();
  };
  // Every order the flow moved while this page is open (bounded), so a replay's answer is never older than the flow.
  const moved = new Map();
  listeners.flow.push((update) => {
    let changed = false;
    for (const o of update.orders) {
      moved.delete(o.orderId);
      moved.set(o.orderId, o);
      if (moved.size > 2000) moved.delete(moved.keys().next().value);
      if (replayed.has(o.orderId)) { replayed.set(o.orderId, o); changed = true; }
    }
    if (changed) renderReplayed();
  });
  view.append(el('section', {}, header,
    el('p', {}, el('button', { id: 'replay-selected', onclick: () => replay({ ids: selected() }) }, 'Replay selected'), ' ', el('button', { id: 'replay-all', class: 'primary', onclick: () => replay({ all: true }) }, 'Replay all')),
    out,
    el('table', {}, el('thead', {}, el('tr', {}, ['', '#', 'order', 'routing key', 'attempts', 'reason', 'last failure', 'replays', ''].map((h) => el('th', {}, h)))), body)),
    el('section', {}, el('h2', {}, 'Replayed from here'), el('table', {}, el('thead', {}, el('tr', {}, ['order', 'status', 'last event'].map((h) => el('th', {}, h)))), replayedBody)));
  let shown = '';
  let rows = [];
  const load = async () => {
    const result = await api('GET', `/api/dead-letters/${encodeURIComponent(queue)}`);
    if (!result.ok) { header.replaceChildren(el('span', { id: 'not-found' }, result.status === 404 ? 'not found' : 'error'), ': ', result.data.message || ''); body.replaceChildren(); return; }
    const key = JSON.stringify(result.data.rows.map((r) => r.messageId));
    if (key === shown) return;
    shown = key;
    rows = result.data.rows;
    header.textContent = `${queue} (${result.data.messages})`;
    body.replaceChildren(...result.data.rows.map((r) => el('tr', { 'data-message-id': r.messageId || '', 'data-order-id': r.orderId || '' },
      el('td', {}, el('input', { type: 'checkbox', value: r.messageId || '' })), el('td', {}, r.position),
      el('td', { class: 'mono' }, r.orderId ? link(`/orders/${r.orderId}`, short(r.orderId)) : ''), el('td', { class: 'mono' }, r.routingKey || ''),
      el('td', {}, r.attempts ?? ''), el('td', {}, r.reason), el('td', {}, time(r.lastFailureAt)), el('td', {}, r.replayCount ?? ''),
      el('td', {}, r.messageId ? el('button', { class: 'replay-one', onclick: () => replay({ ids: [r.messageId] }) }, 'Replay') : ''))));
  };
  // The depth changes when a message arrives or leaves: re-read then (reads give every message back).
  let depth;
  listeners.health.push(async (snapshot) => {
    const q = snapshot.services.flatMap((s) => s.queues).find((x) => x.queue === queue);
    if (q && q.messages !== depth) { depth = q.messages; await load(); }
  });
  await load();
}

connect();
route();
