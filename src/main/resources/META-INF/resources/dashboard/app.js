// Hash routing: #/ and #/?status=… show the sessions list, #/sessions/{task_id} one session (shareable),
// #/analytics?… how finished sessions did.
// Each view returns a dispose function that closes its stream and timers when the route changes.

import { renderAnalytics } from './analytics-view.js';
import { renderSession } from './session-view.js';
import { renderSessions } from './sessions-view.js';

const root = document.getElementById('view');
let dispose = null;

function route() {
  if (dispose) dispose();
  dispose = null;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const match = path.match(/^\/sessions\/([^/]+)\/?$/);
  let taskId = null;
  if (match) {
    try {
      taskId = decodeURIComponent(match[1]);
    } catch {
      taskId = match[1];
    }
  }
  document.title = 'Batch sessions';
  window.scrollTo(0, 0);
  const params = new URLSearchParams(query);
  if (taskId) dispose = renderSession(root, taskId);
  else if (/^\/analytics\/?$/.test(path)) dispose = renderAnalytics(root, params);
  else dispose = renderSessions(root, params);
}

window.addEventListener('hashchange', route);
route();
