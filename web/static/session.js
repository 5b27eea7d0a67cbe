// 세션 만료 경고 (KWCAG 2.2 응답시간 조절): two minutes before the session ends, offer to extend it.
(function () {
  var meta = document.querySelector('meta[name="sandan-session-expires"]');
  var csrfInput = document.querySelector('form[action="/sign-out"] input[name="csrf"]');
  if (!meta || !csrfInput) return;
  var expires = Number(meta.content) * 1000;
  var WARN_MS = 2 * 60 * 1000;
  var box = null;

  function show(text, withButton) {
    if (!box) {
      box = document.createElement('div');
      box.className = 'session-warning';
      box.setAttribute('role', 'alertdialog');
      box.setAttribute('aria-live', 'assertive');
      box.setAttribute('aria-label', '로그인 유지 시간 안내');
      document.body.appendChild(box);
    }
    box.textContent = '';
    var p = document.createElement('p');
    p.textContent = text;
    box.appendChild(p);
    if (withButton) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'krds-btn primary';
      button.textContent = '로그인 연장';
      button.addEventListener('click', extend);
      box.appendChild(button);
      button.focus();
    }
  }

  function extend() {
    var body = new URLSearchParams({ csrf: csrfInput.value });
    fetch('/session/extend', { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) { expires = s.expires_at * 1000; if (box) { box.remove(); box = null; } })
      .catch(function () { show('로그인을 연장하지 못했습니다. 다시 로그인해 주십시오.', false); });
  }

  setInterval(function () {
    var left = expires - Date.now();
    if (left <= 0) {
      show('로그인 유지 시간이 끝났습니다. 다시 로그인해 주십시오.', false);
    } else if (left <= WARN_MS && !box) {
      show('로그인 유지 시간이 ' + Math.ceil(left / 60000) + '분 남았습니다. 계속하려면 연장하십시오.', true);
    }
  }, 1000);
})();
