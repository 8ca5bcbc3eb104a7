// Dashboard page: plain DOM, no framework. Text from the emulator is only ever set as text.
'use strict';

const PAGE = 50;
const state = { tab: 'runs', offsets: { runs: 0, outbox: 0, users: 0, collection: 0 }, collection: null, runsOf: '' };

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

const shanghai = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const when = (iso) => (iso ? shanghai.format(new Date(iso)) : '—');
const cardTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

async function get(path) {
  const res = await fetch(path);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function post(path) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function say(text, error) {
  const m = document.getElementById('message');
  m.textContent = text;
  m.className = error ? 'message error' : 'message';
}

function pager(total, key, reload) {
  const offset = state.offsets[key];
  return h('div', { class: 'pager' },
    h('button', { disabled: offset === 0, onclick: () => { state.offsets[key] = Math.max(0, offset - PAGE); reload(); } }, '‹ newer'),
    `${total === 0 ? 0 : offset + 1}–${Math.min(total, offset + PAGE)} of ${total}`,
    h('button', { disabled: offset + PAGE >= total, onclick: () => { state.offsets[key] = offset + PAGE; reload(); } }, 'older ›'));
}

const answerText = (r) => (r === null || r === undefined ? '' : JSON.stringify(r));
const counts = (o) => Object.entries(o || {}).map(([k, n]) => `${k} ${n}`).join(', ');

/** The figures of a function's answer in a line: numbers and counts, not the whole JSON. */
function answerLine(r) {
  if (!r || typeof r !== 'object') return '';
  if (r.ok !== true) return `${r.code || 'error'}: ${r.message || ''}`;
  if (r.quietHours) return 'quiet hours: nothing to do';
  const parts = [];
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === 'number' && k !== 'durationMs' && k !== 'hour' && k !== 'round') parts.push(`${k} ${v}`);
    if (k.endsWith('By') && v && Object.keys(v).length > 0) parts.push(`(${counts(v)})`);
  }
  if (Array.isArray(r.problems) && r.problems.length > 0) parts.push(`problems: ${r.problems.join('; ')}`);
  return parts.join(' · ');
}

async function showOverview() {
  const o = await get('/api/overview');
  document.getElementById('clock').textContent = `${o.virtualClock ? 'virtual' : 'wall'} clock: ${when(o.now)} (Asia/Shanghai) · templateMessage: ${o.templateMessageMode}`;
  const controls = document.getElementById('controls');
  controls.replaceChildren(
    ...o.timers.map((t) => h('button', { class: 'primary', 'data-fire': t.functionName, title: `cron ${t.cron}`, onclick: (e) => fire(t.functionName, e.target) }, `Fire ${t.functionName} now`)),
    o.virtualClock ? h('button', { 'data-advance': 'hour', onclick: (e) => advance(e.target) }, 'Advance 1 hour (timers run)') : null);
}

async function fire(name, button) {
  button.disabled = true;
  say(`running ${name}…`);
  try {
    const { firing } = await post(`/api/timers/${encodeURIComponent(name)}/fire`);
    const ok = firing.ok && firing.result && firing.result.ok === true;
    say(`${name} ran at ${when(firing.startedAt)}: ${ok ? answerLine(firing.result) : answerText(firing.result) || firing.error || 'failed'}`, !ok);
  } catch (e) {
    say(`${name}: ${e.message}`, true);
  } finally {
    button.disabled = false;
    await refresh();
  }
}

async function advance(button) {
  button.disabled = true;
  say('running the next hour of timers…');
  try {
    const r = await post('/api/clock/advance-hour');
    say(`clock now ${when(r.now)}; ${r.firings.length} timer runs`);
  } catch (e) {
    say(e.message, true);
  } finally {
    button.disabled = false;
    await refresh();
  }
}

async function showRuns() {
  const fn = state.runsOf ? `&fn=${encodeURIComponent(state.runsOf)}` : '';
  const r = await get(`/api/runs?offset=${state.offsets.runs}&limit=${PAGE}${fn}`);
  const rows = r.firings.map((f) => h('tr', { 'data-run': f.id },
    h('td', { class: 'num' }, f.id), h('td', {}, f.functionName), h('td', {}, when(f.scheduledAt)), h('td', {}, when(f.startedAt)),
    h('td', { class: 'num' }, `${f.durationMs} ms`),
    h('td', { class: f.ok && f.result && f.result.ok ? 'ok' : 'bad' }, f.ok ? (f.result && f.result.ok ? 'ok' : 'answered an error') : f.timedOut ? 'timed out' : 'failed'),
    h('td', {}, answerLine(f.result) || f.error || '', h('details', {}, h('summary', {}, 'answer'), h('pre', {}, answerText(f.result))))));
  const filter = h('select', { id: 'runs-of', onchange: (e) => { state.runsOf = e.target.value; state.offsets.runs = 0; showRuns(); } },
    ['', ...r.functions].map((name) => h('option', { value: name, selected: (state.runsOf || '') === name }, name || 'all functions')));
  const log = r.runLog || [];
  document.getElementById('runs').replaceChildren(
    h('h2', {}, 'Timer runs'),
    h('div', { class: 'toolbar' }, filter, pager(r.total, 'runs', showRuns)),
    h('table', { id: 'runs-table' }, h('thead', {}, h('tr', {}, ['#', 'function', 'scheduled', 'started', 'duration', 'result', 'answer'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)),
    r.runLog ? h('h2', {}, 'Run log of sendReminders (reminderRuns, newest first)') : null,
    r.runLog ? h('table', { id: 'run-log' },
      h('thead', {}, h('tr', {}, ['run', 'date', 'hour', 'state', 'candidates', 'due', 'sent', 'not reminded', 'skipped', 'duration'].map((t) => h('th', {}, t)))),
      h('tbody', {}, log.map((d) => h('tr', { 'data-run-id': d._id },
        h('td', {}, h('code', {}, d._id)), h('td', {}, d.date), h('td', { class: 'num' }, d.hour), h('td', {}, d.state), h('td', { class: 'num' }, d.candidates),
        h('td', { class: 'num' }, d.due), h('td', { class: 'num' }, d.sent), h('td', {}, `${d.failed ?? ''} ${d.failedBy && Object.keys(d.failedBy).length ? `(${counts(d.failedBy)})` : ''}`),
        h('td', {}, `${d.skipped ?? ''} ${d.skippedBy && Object.keys(d.skippedBy).length ? `(${counts(d.skippedBy)})` : ''}`), h('td', { class: 'num' }, d.durationMs === undefined ? '' : `${d.durationMs} ms`))))) : null);
}

function card(m) {
  return h('article', { class: 'wx-card', 'data-outbox': m.n },
    h('div', { class: 'wx-head' }, h('span', { class: 'wx-app' }, '答题签到'), h('span', {}, cardTime.format(new Date(m.at)))),
    h('div', { class: 'wx-title' }, m.title),
    h('dl', {}, m.fields.map((f) => [h('dt', {}, f.label), h('dd', {}, f.value)])),
    h('div', { class: 'wx-foot' }, h('span', {}, '进入小程序查看'), h('span', {}, '›')),
    h('div', { class: 'wx-meta' }, `#${m.n} to ${m.touser} · ${m.api}${m.page ? ` · ${m.page}` : ''}`));
}

async function showOutbox() {
  const r = await get(`/api/outbox?offset=${state.offsets.outbox}&limit=${PAGE}`);
  document.getElementById('outbox').replaceChildren(
    h('h2', {}, 'Outbox — messages WeChat delivered, as the user sees them'),
    pager(r.total, 'outbox', showOutbox),
    r.total === 0 ? h('p', { id: 'outbox-empty' }, 'No message has been delivered yet.') : h('div', { class: 'cards' }, r.entries.map(card)));
}

async function showUsers() {
  const r = await get(`/api/users?offset=${state.offsets.users}&limit=${PAGE}`);
  const rows = r.users.map((u) => h('tr', { 'data-user': u.openid },
    h('td', {}, h('code', {}, u.openid)), h('td', {}, u.enabled === false ? 'off' : 'on'), h('td', {}, u.hour === null || u.hour === undefined ? 'auto' : `${u.hour}:00`),
    h('td', { class: 'num' }, u.streak), h('td', {}, u.lastCheckInDate || '—'), h('td', {}, u.lastRemindedDate || '—'), h('td', { class: 'num' }, u.checkIns),
    h('td', { class: 'num' }, u.credits.form), h('td', { class: 'num' }, u.credits.subscribe), h('td', { class: 'num' }, u.wechatGrants)));
  document.getElementById('users').replaceChildren(
    h('h2', {}, 'Users'),
    pager(r.total, 'users', showUsers),
    h('table', {}, h('thead', {}, h('tr', {}, ['openid', 'reminders', 'hour', 'streak today', 'last check-in', 'last reminded', 'check-ins', 'form credits', 'subscribe credits', 'grants WeChat holds'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
}

async function showLift() {
  const r = await get('/api/lift');
  const row = (d, total) => h('tr', total ? { class: 'total' } : { 'data-lift': d.date },
    h('th', { scope: 'row' }, d.date), h('td', { class: 'num' }, d.reminded), h('td', { class: 'num' }, d.heldOut), h('td', { class: 'num' }, d.sameDay), h('td', { class: 'num' }, d.within2h));
  document.getElementById('lift').replaceChildren(
    h('h2', {}, 'Do reminders work? Reminded vs held-out user-days (dailyStats)'),
    r.heldOut === 0
      ? h('p', { id: 'lift-none' }, 'No user-day has been held out: set REMINDER_HOLDOUT_PERCENT (npm start -- --holdout 20) to measure the lift of a reminder.')
      : h('table', { id: 'lift-table' },
        h('thead', {}, h('tr', {}, ['date', 'reminded: checked in', 'held out: checked in', 'lift, same day', 'lift, ≤ 2 h'].map((t) => h('th', {}, t)))),
        h('tbody', {}, r.days.map((d) => row(d, false))),
        h('tfoot', {}, row(r.period, true))),
    h('p', { class: 'note' }, r.note));
}

async function showCollections() {
  const o = await get('/api/overview');
  const section = document.getElementById('collections');
  const list = h('div', { class: 'list' }, o.collections.map((c) => h('button', { 'data-collection': c.name, onclick: () => { state.collection = c.name; state.offsets.collection = 0; showCollections(); } }, `${c.name} (${c.count})`)));
  const parts = [h('h2', {}, 'Collections'), list];
  if (state.collection) {
    const r = await get(`/api/collections/${encodeURIComponent(state.collection)}?offset=${state.offsets.collection}&limit=${PAGE}`);
    parts.push(h('h3', {}, r.name), pager(r.total, 'collection', showCollections), h('pre', { id: 'collection-docs' }, r.docs.map((d) => JSON.stringify(d)).join('\n')));
  }
  section.replaceChildren(...parts);
}

const SHOW = { runs: showRuns, outbox: showOutbox, users: showUsers, lift: showLift, collections: showCollections };

async function refresh() {
  try {
    await Promise.all([showOverview(), SHOW[state.tab]()]);
  } catch (e) {
    say(e.message, true);
  }
}

for (const b of document.querySelectorAll('nav button')) {
  b.addEventListener('click', () => {
    state.tab = b.dataset.tab;
    for (const x of document.querySelectorAll('nav button')) x.classList.toggle('active', x === b);
    for (const s of document.querySelectorAll('.tab')) s.classList.toggle('active', s.id === state.tab);
    refresh();
  });
}

refresh();
