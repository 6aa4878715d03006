// The session view's node table: failed nodes first, then running, completed, pending, each status paged through
// the API; reloaded at most every NODE_REFRESH_MS while events pour in, and an expanded result stays expanded.

import { api, ApiError } from './api.js';
import { h, replace, setText } from './dom.js';
import { formatInt, formatMillis, statusLabel } from './format.js';
import { NODE_STATUSES } from './statuses.js';

// Failed first: they are what people look for. A status missing from this ranking still shows, after these.
const NODE_RANK = ['failed', 'running', 'completed', 'pending'];
const rank = (status) => (NODE_RANK.includes(status) ? NODE_RANK.indexOf(status) : NODE_RANK.length);
const NODE_ORDER = [...NODE_STATUSES].sort((x, y) => rank(x) - rank(y));
const NODE_PAGE = 50;
const NODE_REFRESH_MS = 1500;

export class NodeTable {
  /**
   * @param taskId the session whose nodes are shown
   * @param signal aborts the table's requests when the view goes
   * @param nodeCount () => the session's node_count as the view shows it (null before the first read)
   */
  constructor(taskId, signal, nodeCount) {
    this.taskId = taskId;
    this.signal = signal;
    this.nodeCount = nodeCount;
    this.disposed = false;
    this.state = { rows: [], more: false, wanted: NODE_PAGE, loading: false, again: false, lastLoad: 0 };
    this.openDetails = new Set();
    this.groupOf = new Map();

    this.body = h('tbody');
    this.note = h('p', { class: 'muted nodes-note' });
    this.moreButton = h('button', { type: 'button', class: 'button', hidden: true, onclick: () => this.showMore() },
      'Show more nodes');
    this.groups = h('p', { class: 'groups muted' });
    this.element = h('section', { class: 'panel' },
      h('h2', null, 'Nodes'), this.groups,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'nodes' },
          h('colgroup', null,
            h('col', { class: 'col-node' }), h('col', { class: 'col-status' }), h('col', { class: 'col-time' }),
            h('col', { class: 'col-detail' })),
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'Node'), h('th', { scope: 'col' }, 'Status'),
            h('th', { scope: 'col', class: 'num' }, 'Time'), h('th', { scope: 'col' }, 'Error / result'))),
          this.body)),
      this.note, this.moreButton);
  }

  showGroups(groups) {
    const text = groups.length === 0 ? ''
      : `Groups: ${groups.map((g) => `${g.group_id} (${g.node_ids.length})`).join(' · ')}`;
    setText(this.groups, text);
    this.groupOf = new Map(groups.flatMap((g) => g.node_ids.map((id) => [id, g.group_id])));
  }

  showMore() {
    this.state.wanted = this.state.rows.length + NODE_PAGE;
    this.request(true);
  }

  /** Reloads the shown node rows, at most every NODE_REFRESH_MS while events pour in. */
  request(now) {
    const state = this.state;
    if (state.loading) {
      state.again = true;
      return;
    }
    const wait = now ? 0 : Math.max(0, state.lastLoad + NODE_REFRESH_MS - Date.now());
    if (wait > 0) {
      if (!state.timer) {
        state.timer = setTimeout(() => {
          state.timer = null;
          this.request(true);
        }, wait);
      }
      return;
    }
    this.load();
  }

  async load() {
    const state = this.state;
    state.loading = true;
    state.lastLoad = Date.now();
    try {
      const rows = [];
      let more = false; // stopped at the wanted count: there may be more (only asking would tell)
      fill: for (const status of NODE_ORDER) {
        let cursor = null;
        do {
          if (rows.length >= state.wanted) {
            more = true;
            break fill;
          }
          const limit = Math.min(100, state.wanted - rows.length);
          const page = await api.nodes(this.taskId, { status, cursor, limit }, { signal: this.signal });
          rows.push(...(page.items ?? []));
          cursor = page.next_cursor ?? null;
        } while (cursor);
      }
      if (this.disposed) return;
      state.rows = rows;
      state.more = more;
      this.render();
    } catch (e) {
      if (e.name !== 'AbortError' && !(e instanceof ApiError && e.status === 410)) {
        setText(this.note, `Could not load nodes: ${e.message}`);
      }
    } finally {
      state.loading = false;
      if (state.again && !this.disposed) {
        state.again = false;
        this.request(false);
      }
    }
  }

  render() {
    const { rows, more } = this.state;
    replace(this.body, rows.map((node) => this.row(node)));
    this.moreButton.hidden = !more;
    const total = this.nodeCount() ?? rows.length;
    setText(this.note, rows.length === 0 ? 'No node has reported yet.'
      : `Showing ${formatInt(rows.length)} of ${formatInt(Math.max(total, rows.length))} nodes, failed first.`);
  }

  row(node) {
    const group = this.groupOf.get(node.node_id);
    // A running node has no execution time yet: show how long it has been running (skew clamped to zero).
    const running = node.status === 'running' && node.started_at;
    const time = running ? Math.max(0, Date.now() - Date.parse(node.started_at)) : node.execution_time_ms;
    let detail = null;
    if (node.error) {
      detail = h('pre', { class: 'node-error' }, node.error);
    }
    if (node.result !== null && node.result !== undefined) {
      const details = h('details', { class: 'node-result', open: this.openDetails.has(node.node_id) },
        h('summary', null, 'result'),
        h('pre', null, JSON.stringify(node.result, null, 2)));
      // Remember what the user opened, so the next live refresh keeps it open.
      details.addEventListener('toggle', () => {
        if (details.open) this.openDetails.add(node.node_id);
        else this.openDetails.delete(node.node_id);
      });
      detail = [detail, details];
    }
    return h('tr', { dataset: { node: node.node_id, status: node.status } },
      h('td', { class: 'node-id' }, h('span', null, node.node_id),
        group ? h('span', { class: 'muted node-group' }, group) : null),
      h('td', null, h('span', { class: 'badge badge-small', dataset: { status: node.status } }, statusLabel(node.status))),
      h('td', { class: running ? 'num muted' : 'num', title: running ? 'running for' : null }, formatMillis(time)),
      h('td', { class: 'node-detail' }, detail ?? h('span', { class: 'muted' }, '—')));
  }

  dispose() {
    this.disposed = true;
    if (this.state.timer) clearTimeout(this.state.timer);
  }
}
