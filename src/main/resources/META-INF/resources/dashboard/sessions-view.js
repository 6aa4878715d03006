// The sessions view (#/ or #/?status=running): the newest sessions first, a status filter with live counts,
// cursor paging, and the write-token field when the service protects its list.

import { api, ApiError, writeToken } from './api.js';
import { h, replace, setText } from './dom.js';
import { formatInt, formatPercent, formatTime, shortId, statusLabel } from './format.js';
import { SESSION_STATUSES } from './statuses.js';

const PAGE_SIZE = 20;
const REFRESH_MS = 5000;

export function renderSessions(root, params) {
  const view = new SessionsView(root, params);
  view.start();
  return () => view.dispose();
}

class SessionsView {
  constructor(root, params) {
    this.root = root;
    const status = params.get('status');
    this.status = SESSION_STATUSES.includes(status) ? status : null;
    this.cursors = [null]; // cursor of each page visited so far; the last one is the page shown
    this.nextCursor = null;
    this.aborter = new AbortController();
    this.disposed = false;
    this.loading = false;
    this.ui = this.build();
  }

  build() {
    const ui = {};
    ui.idInput = h('input', {
      type: 'text', name: 'task_id', placeholder: 'task id', autocomplete: 'off', spellcheck: 'false',
      'aria-label': 'Open a session by its task id',
    });
    const openForm = h('form', {
      class: 'open-form', onsubmit: (e) => {
        e.preventDefault();
        const id = ui.idInput.value.trim();
        if (id) location.hash = `#/sessions/${encodeURIComponent(id)}`;
      },
    }, ui.idInput, h('button', { type: 'submit', class: 'button' }, 'Open'));

    ui.tokenInput = h('input', {
      type: 'password', name: 'write_token', autocomplete: 'off', 'aria-label': 'Write token',
      placeholder: 'write token',
    });
    ui.tokenMessage = h('p', { class: 'auth-message' });
    ui.auth = h('form', {
      class: 'panel auth', hidden: true, onsubmit: (e) => {
        e.preventDefault();
        writeToken.set(ui.tokenInput.value.trim());
        ui.tokenInput.value = '';
        this.refresh();
      },
    },
    ui.tokenMessage,
    h('div', { class: 'auth-row' }, ui.tokenInput, h('button', { type: 'submit', class: 'button' }, 'Use token')),
    h('p', { class: 'muted small' }, 'Kept in this browser tab only (sessionStorage), sent as a Bearer header. '
      + 'Reading one session by its id needs no token.'));

    ui.forget = h('button', {
      type: 'button', class: 'link-button', hidden: !writeToken.get(), onclick: () => {
        writeToken.set('');
        this.refresh();
      },
    }, 'Forget token');

    ui.counts = {};
    const filter = (status, label) => {
      ui.counts[status ?? 'all'] = h('span', { class: 'count num' }, '—');
      return h('a', {
        class: 'filter', href: status ? `#/?status=${status}` : '#/', dataset: { filter: status ?? 'all' },
        'aria-current': (status ?? null) === this.status ? 'page' : false,
      }, status ? h('span', { class: 'dot', dataset: { status } }) : null, label, ui.counts[status ?? 'all']);
    };
    ui.filters = h('nav', { class: 'filters', 'aria-label': 'Filter by status' },
      filter(null, 'All'), SESSION_STATUSES.map((s) => filter(s, statusLabel(s))));

    ui.list = h('div', { class: 'session-list', role: 'list', 'aria-live': 'polite', 'aria-busy': 'true' });
    ui.older = h('button', { type: 'button', class: 'button', disabled: true, onclick: () => this.older() }, 'Older →');
    ui.newer = h('button', { type: 'button', class: 'button', disabled: true, onclick: () => this.newer() }, '← Newer');
    ui.pageNo = h('span', { class: 'muted num page-no' }, 'Page 1');
    ui.refreshed = h('p', { class: 'muted small refreshed' });
    ui.error = h('div', { class: 'banner banner-error', role: 'alert', hidden: true });

    replace(this.root, h('section', { class: 'sessions' },
      h('header', { class: 'sessions-head' }, h('h1', null, 'Sessions'), openForm),
      ui.auth, ui.error, ui.filters, ui.list,
      h('div', { class: 'pager' }, ui.newer, ui.pageNo, ui.older),
      h('div', { class: 'footer-row' }, ui.refreshed, ui.forget)));
    return ui;
  }

  start() {
    this.refresh();
    this.timer = setInterval(() => {
      if (!document.hidden) this.refresh();
    }, REFRESH_MS);
  }

  async refresh() {
    if (this.disposed) return;
    if (this.loading) {
      this.again = true; // e.g. a page change during a periodic refresh: run once more when this one ends
      return;
    }
    this.loading = true;
    const signal = this.aborter.signal;
    const cursor = this.cursors[this.cursors.length - 1];
    try {
      const [page, metrics] = await Promise.all([
        api.sessions({ status: this.status, cursor, limit: PAGE_SIZE }, { signal }),
        api.metrics({ signal }).catch((e) => (e instanceof ApiError && e.status !== 401 ? null : Promise.reject(e))),
      ]);
      if (this.disposed) return;
      this.ui.auth.hidden = true;
      this.ui.error.hidden = true;
      this.ui.forget.hidden = !writeToken.get();
      this.renderCounts(metrics);
      this.renderPage(page);
      setText(this.ui.refreshed, `Updated ${formatTime(new Date().toISOString())} · refreshes every ${REFRESH_MS / 1000} s`);
    } catch (e) {
      if (e.name === 'AbortError' || this.disposed) return;
      if (e instanceof ApiError && e.status === 401) {
        this.askForToken();
      } else {
        this.ui.error.hidden = false;
        setText(this.ui.error, `Could not load sessions: ${e.message}`);
      }
    } finally {
      this.loading = false;
      this.ui.list.setAttribute('aria-busy', 'false');
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    }
  }

  askForToken() {
    const had = Boolean(writeToken.get());
    this.ui.auth.hidden = false;
    this.ui.forget.hidden = !had;
    setText(this.ui.tokenMessage, had
      ? 'The service rejected the stored write token. Enter the right one to list sessions.'
      : 'This service requires its write token to list sessions.');
    replace(this.ui.list);
    if (document.activeElement !== this.ui.idInput) this.ui.tokenInput.focus();
  }

  renderCounts(metrics) {
    const byStatus = metrics?.sessions_by_status ?? null;
    let all = 0;
    for (const status of SESSION_STATUSES) {
      const n = byStatus ? Number(byStatus[status] ?? 0) : null;
      if (n !== null) all += n;
      setText(this.ui.counts[status], n === null ? '—' : formatInt(n));
    }
    setText(this.ui.counts.all, byStatus ? formatInt(all) : '—');
  }

  renderPage(page) {
    const items = page?.items ?? [];
    this.nextCursor = page?.next_cursor ?? null;
    const rows = items.map((doc) => this.row(doc));
    if (rows.length === 0) {
      rows.push(h('p', { class: 'empty muted' }, this.status
        ? `No ${statusLabel(this.status)} sessions${this.cursors.length > 1 ? ' on this page' : ''}.`
        : 'No sessions yet. An executor creates one with POST /api/v1/parallel/sessions; '
          + 'start the service with batch.demo.enabled=true to watch simulated ones.'));
    }
    replace(this.ui.list, rows);
    this.ui.older.disabled = !this.nextCursor;
    this.ui.newer.disabled = this.cursors.length <= 1;
    setText(this.ui.pageNo, `Page ${this.cursors.length}`);
  }

  row(doc) {
    const percent = Math.max(0, Math.min(100, Number(doc.progress_percent) || 0));
    const fill = h('span', { class: 'mini-fill' });
    fill.style.width = `${percent}%`;
    const finished = doc.completed_nodes + doc.failed_nodes;
    return h('a', {
      class: 'session-row', role: 'listitem', href: `#/sessions/${encodeURIComponent(doc.task_id)}`,
      dataset: { status: doc.status, taskId: doc.task_id },
    },
    h('span', { class: 'badge', dataset: { status: doc.status } }, statusLabel(doc.status)),
    h('span', { class: 'row-main' },
      h('span', { class: 'row-canvas' }, doc.canvas_path),
      h('span', { class: 'row-sub muted' }, h('code', null, shortId(doc.task_id)),
        doc.stale ? h('span', { class: 'stale-tag' }, 'stale') : null,
        doc.failed_nodes > 0 ? h('span', { class: 'failed-tag' }, `${formatInt(doc.failed_nodes)} failed`) : null)),
    h('span', { class: 'row-progress' },
      h('span', { class: 'mini-bar', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'num row-percent' }, formatPercent(percent))),
    h('span', { class: 'num row-nodes' }, doc.node_count > 0 ? `${formatInt(finished)}/${formatInt(doc.node_count)}` : '—'),
    h('span', { class: 'num row-time muted' }, formatTime(doc.updated_at)));
  }

  older() {
    if (!this.nextCursor) return;
    this.cursors.push(this.nextCursor);
    this.refresh();
  }

  newer() {
    if (this.cursors.length <= 1) return;
    this.cursors.pop();
    this.refresh();
  }

  dispose() {
    this.disposed = true;
    this.aborter.abort();
    clearInterval(this.timer);
  }
}
