// JSON requests to the annotation API with the session cookie and Django's CSRF token.
'use strict';

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (m) return decodeURIComponent(m[1]);
  const field = document.querySelector('input[name=csrfmiddlewaretoken]');
  return field ? field.value : '';
}

export function request(url, method, body) {
  return fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': csrfToken() },
    body: JSON.stringify(body),
  });
}
