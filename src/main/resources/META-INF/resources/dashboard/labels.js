// A session's labels as chips, on the list rows and in the session view.

import { h } from './dom.js';

/** Labels as small "key=value" chips, in key order. */
export function labelChips(labels) {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return null;
  return h('span', { class: 'labels' }, entries.map(([key, value]) => h('span', {
    class: 'label-chip', dataset: { label: key }, title: value === '' ? key : `${key}=${value}`,
  }, value === '' ? key : `${key}=${value}`)));
}
