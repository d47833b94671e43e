// The node's live page: polls JSON endpoints, draws what they say, and for an admin sends the
// same API calls a script would. It talks to its own node, plus each other node's read-only
// GET /ui/state (which answers CORS to pages from the cluster's hosts only). Admin calls go to
// its own node only: /admin/cluster-chaos there sets each node's /admin/chaos.
'use strict';

const POLL_MS = 1000;
const WINDOW_S = 300; // the chart keeps the last five minutes
const FETCH_TIMEOUT_MS = 900;

// Other nodes' HTTP ports: 8010 + (gossip port - 9000) as run-cluster.sh and the node's default,
// or ?http=GOSSIP:HTTP,GOSSIP:HTTP (gossip port to HTTP port, same host) for other layouts.
const httpPorts = new Map(
  (new URLSearchParams(location.search).get('http') || '')
    .split(',')
    .map((pair) => pair.split(':').map(Number))
    .filter((pair) => pair.length === 2 && pair.every((n) => Number.isInteger(n) && n > 0 && n < 65536)),
);

const page = {
  self: null,
  admin: false,
  token: sessionStorage.getItem('adminToken') || '',
  times: [],
  values: new Map(), // node -> values aligned with times
  chart: null,
  chartNodes: '',
  nodes: [], // every node's address, self first
};

const $ = (selector) => document.querySelector(selector);

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

function row(cells, attributes) {
  const tr = document.createElement('tr');
  for (const [name, value] of Object.entries(attributes || {})) tr.setAttribute(name, value);
  for (const cell of cells) tr.append(cell instanceof Node ? cell : element('td', cell));
  return tr;
}

function splitAddress(addr) {
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i), port: Number(addr.slice(i + 1)) };
}

/** host:port of a node's HTTP API, from its gossip address. */
function httpOf(addr) {
  if (addr === page.self) return location.host;
  const { host, port } = splitAddress(addr);
  const http = httpPorts.get(port) || 8010 + (port - 9000);
  return (host.includes(':') ? `[${host}]` : host) + ':' + http;
}

function adminHeaders(extra) {
  const headers = Object.assign({ Accept: 'application/json' }, extra || {});
  if (page.token) headers['X-Admin-Token'] = page.token;
  return headers;
}

async function getJson(url, options) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' }, cache: 'no-store', signal: abort.signal }, options || {}));
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

async function readStates() {
  const own = await getJson('/ui/state');
  page.self = own.node;
  const others = own.cluster.members.map((m) => m.addr).filter((a) => a !== own.node).sort();
  page.nodes = [own.node, ...others];
  const states = await Promise.all(
    others.map((addr) => getJson(`http://${httpOf(addr)}/ui/state`).catch((e) => ({ node: addr, error: e.message }))),
  );
  return [own, ...states.map((s, i) => (s.error ? s : Object.assign(s, { node: others[i] })))];
}

function renderLeaders(states) {
  const byLeader = new Map();
  for (const s of states) {
    if (s.error) continue;
    const key = `${s.cluster.leader || 'none'} (term ${s.cluster.term})`;
    if (!byLeader.has(key)) byLeader.set(key, { leader: s.cluster.leader || 'none', term: s.cluster.term, followers: [] });
    byLeader.get(key).followers.push(s.node);
  }
  const list = $('#leaders');
  list.replaceChildren();
  for (const { leader, term, followers } of byLeader.values()) {
    const li = element('li');
    li.dataset.leader = leader;
    li.append(element('span', leader, 'leader'), ` term ${term}, followed by ${followers.join(', ')}`);
    list.append(li);
  }
}

function renderMembers(own) {
  const body = $('#members tbody');
  body.replaceChildren();
  const c = own.cluster;
  body.append(row([own.node + ' (this node)', element('td', 'alive', 'alive'), c.incarnation, '-', own.node === c.leader ? 'leader' : ''],
    { 'data-addr': own.node, 'data-state': 'alive' }));
  for (const m of [...c.members].sort((a, b) => a.addr.localeCompare(b.addr))) {
    body.append(row([m.addr, element('td', m.state, m.state), m.incarnation, `${m.silenceMs} ms`, m.addr === c.leader ? 'leader' : ''],
      { 'data-addr': m.addr, 'data-state': m.state }));
  }
}

function renderValues(states) {
  const body = $('#values tbody');
  body.replaceChildren();
  for (const s of states) {
    if (s.error) {
      body.append(row([s.node, element('td', 'unreachable', 'unreachable'), '', '', ''], { 'data-node': s.node }));
      continue;
    }
    const cells = [s.node, element('td', s.counter.value, 'value'), element('td', s.counter.version, 'version'),
      s.counter.digest, s.cluster.leader ? `${s.cluster.leader} (term ${s.cluster.term})` : 'none'];
    body.append(row(cells, { 'data-node': s.node, 'data-value': s.counter.value, 'data-version': s.counter.version }));
  }
}

function recordValues(states) {
  const now = Date.now() / 1000;
  page.times.push(now);
  for (const s of states) {
    if (!page.values.has(s.node)) page.values.set(s.node, page.times.slice(0, -1).map(() => null));
  }
  for (const [node, values] of page.values) {
    const s = states.find((x) => x.node === node);
    values.push(s && !s.error ? s.counter.value : null);
  }
  while (page.times.length && page.times[0] < now - WINDOW_S) {
    page.times.shift();
    for (const values of page.values.values()) values.shift();
  }
}

function renderChart() {
  if (typeof uPlot === 'undefined') return;
  const nodes = [...page.values.keys()].sort();
  const data = [page.times, ...nodes.map((n) => page.values.get(n))];
  const width = Math.max(320, Math.min(900, $('#chart').clientWidth || 640));
  if (!page.chart || page.chartNodes !== nodes.join(',')) {
    if (page.chart) page.chart.destroy();
    const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
    page.chart = new uPlot({
      width, height: 260, title: 'value per node',
      scales: { x: { time: true } },
      series: [{}, ...nodes.map((n, i) => ({ label: n, stroke: colors[i % colors.length], width: 2, spanGaps: false }))],
      axes: [{}, { label: 'value' }],
    }, data, $('#chart'));
    page.chartNodes = nodes.join(',');
  } else {
    page.chart.setData(data);
  }
}

async function renderFaults() {
  const body = $('#faults tbody');
  const note = $('#faults-note');
  if (!page.admin) {
    body.replaceChildren();
    note.textContent = 'Faults are read from each node\'s /admin/chaos, which is for admins only.';
    return;
  }
  const answer = await relayChaos(page.nodes.map((addr) => ({ http: httpOf(addr) })));
  body.replaceChildren();
  answer.nodes.forEach((n, i) => {
    const addr = page.nodes[i];
    if (n.status !== 200 || !n.chaos) {
      body.append(row([addr, element('td', n.error || `HTTP ${n.status}`, 'unreachable'), '', ''], { 'data-node': addr }));
      return;
    }
    body.append(row([addr, n.chaos.drop, n.chaos.delay, n.chaos.blocked.join(', ') || '-'],
      { 'data-node': addr, 'data-blocked': n.chaos.blocked.length }));
  });
  note.textContent = 'Through POST /admin/cluster-chaos on this node, which reads each node\'s /admin/chaos.';
}

async function renderKeyspace() {
  const cluster = await getJson('/cluster');
  const section = $('#keyspace');
  if (!cluster.keyspace) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const k = cluster.keyspace;
  $('#ring-settings').textContent = `N=${k.n} R=${k.r} W=${k.w}, ${k.vnodes} vnodes per member`
    + (k.sloppyQuorum ? ', sloppy quorum on' : '') + (k.quorumsOverlap ? '' : ' (R+W<=N: reads may miss writes)');
  const body = $('#ring tbody');
  body.replaceChildren();
  for (const m of k.members) {
    const bar = element('span', null, 'bar');
    bar.style.width = `${(m.share * 12).toFixed(2)}rem`;
    const barCell = element('td');
    barCell.append(bar);
    body.append(row([m.node, element('td', m.state, m.state), `${(m.share * 100).toFixed(1)}%`, barCell, m.hintsPending],
      { 'data-node': m.node }));
  }
  const antiEntropy = cluster.antiEntropy || k.antiEntropy;
  $('#anti-entropy').hidden = !antiEntropy;
  if (antiEntropy) {
    const fields = $('#anti-entropy-fields');
    fields.replaceChildren();
    for (const [name, value] of Object.entries(antiEntropy)) {
      fields.append(element('dt', name), element('dd', typeof value === 'object' ? JSON.stringify(value) : value));
    }
  }
}

async function relayChaos(targets) {
  const response = await fetch('/admin/cluster-chaos', {
    method: 'POST',
    headers: adminHeaders({ 'Content-Type': 'application/json' }),
    body: JSON.stringify({ targets }),
  });
  if (!response.ok) throw new Error(`/admin/cluster-chaos: HTTP ${response.status}: ${await response.text()}`);
  return response.json();
}

async function readAccess() {
  const access = await getJson('/ui/access', { headers: adminHeaders() });
  page.admin = access.admin;
  $('#admin').hidden = !access.admin;
  $('#token-entry').hidden = access.admin || access.rule !== 'token';
  $('#admin-reason').textContent = access.admin ? '' : access.reason;
}

async function poll() {
  try {
    const states = await readStates();
    $('#self').textContent = page.self;
    renderLeaders(states);
    renderMembers(states[0]);
    renderValues(states);
    recordValues(states);
    renderChart();
    await readAccess();
    await Promise.all([renderFaults(), renderKeyspace()]);
    const unreachable = states.filter((s) => s.error).length;
    $('#status').textContent = `updated ${new Date().toLocaleTimeString()}`
      + (unreachable ? `; ${unreachable} node(s) unreachable (HTTP port guessed as 8010 + gossip port - 9000; set ?http=GOSSIP:HTTP,...)` : '');
    $('#status').className = '';
  } catch (e) {
    $('#status').textContent = `cannot read this node: ${e.message}`;
    $('#status').className = 'error';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

// ---- what an operator does ------------------------------------------------------------------

async function act(name, action) {
  $('#last-action').textContent = `${name}…`;
  try {
    $('#last-action').textContent = `${name}: ${await action()}`;
  } catch (e) {
    $('#last-action').textContent = `${name} failed: ${e.message}`;
  }
}

async function write(path) {
  const response = await fetch(path, { method: 'POST', headers: adminHeaders() });
  const body = await response.json();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
  return JSON.stringify(body);
}

/** Sets every node's chaos to what {@code chaosOf(node)} says. */
async function setChaos(chaosOf) {
  const answer = await relayChaos(page.nodes.map((addr) => ({ http: httpOf(addr), chaos: chaosOf(addr) })));
  const failed = answer.nodes.filter((n) => n.status !== 200);
  if (failed.length) throw new Error(failed.map((n) => `${n.http}: ${n.error || n.status}`).join('; '));
  return `${answer.nodes.length} node(s) told`;
}

/** The first half of the nodes (sorted) against the rest, as run-cluster.sh partition 1 2,3 would. */
function halves() {
  const sorted = [...page.nodes].sort();
  const cut = Math.max(1, Math.floor(sorted.length / 2));
  return [sorted.slice(0, cut), sorted.slice(cut)];
}

function wire() {
  $('#increment').addEventListener('click', () => act('increment', () => write('/increment')));
  $('#decrement').addEventListener('click', () => act('decrement', () => write('/decrement')));
  $('#partition').addEventListener('click', () => act('partition', () => {
    const [a, b] = halves();
    return setChaos((addr) => ({ blocked: a.includes(addr) ? b : a }));
  }));
  $('#heal').addEventListener('click', () => act('heal', () => setChaos(() => ({ blocked: [] }))));
  $('#chaos-on').addEventListener('click', () => act('chaos on', () => setChaos(() => ({ drop: 0.1, delay: '5ms-50ms' }))));
  $('#chaos-off').addEventListener('click', () => act('chaos off', () => setChaos(() => ({ drop: 0, delay: '0s' }))));
  $('#use-token').addEventListener('click', () => {
    page.token = $('#token').value;
    sessionStorage.setItem('adminToken', page.token);
    $('#token').value = '';
  });
}

wire();
poll();
