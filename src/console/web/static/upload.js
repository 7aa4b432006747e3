// Guichet console, uploads: sends the chosen file as it is (text/csv, the session's CSRF token in x-csrf-token),
// shows the upload's and then the import's progress, and the outcome with the link to the refused rows. Every value
// goes into the page through textContent.
'use strict';
(function () {
  var holder = document.getElementById('files-labels');
  if (!holder) return;
  var L = JSON.parse(holder.getAttribute('data-json'));
  var nf = new Intl.NumberFormat(L.lang === 'en' ? 'en-GB' : 'fr-FR');
  document.querySelectorAll('form.upload').forEach(function (form) {
    var input = form.querySelector('input[type=file]');
    var box = form.querySelector('.progress');
    var up = box.querySelectorAll('progress')[0];
    var im = box.querySelectorAll('progress')[1];
    var result = form.querySelector('.result');
    var button = form.querySelector('button');
    function say(text, link) {
      while (result.firstChild) result.removeChild(result.firstChild);
      var p = document.createElement('p');
      p.textContent = text;
      result.appendChild(p);
      if (link) {
        var a = document.createElement('a');
        a.href = link;
        a.textContent = L.rejects;
        a.className = 'button secondary';
        result.appendChild(a);
      }
    }
    function poll(id) {
      fetch('/console/api/imports/' + encodeURIComponent(id), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (j) {
        if (j.bytes) im.value = Math.round((100 * j.read_bytes) / j.bytes);
        if (j.state === 'importing') {
          say(nf.format(j.rows) + ' …');
          setTimeout(function () { poll(id); }, 500);
          return;
        }
        button.disabled = false;
        if (j.state === 'failed') return say(L.failed + ' : ' + j.error);
        im.value = 100;
        var s = j.summary || {};
        var parts = Object.keys(s).map(function (k) { return k + ' ' + nf.format(s[k]); });
        say(L.done + ' : ' + parts.join(', '), j.rejects_url);
      });
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var file = input.files && input.files[0];
      if (!file) return;
      button.disabled = true;
      box.hidden = false;
      up.value = 0;
      im.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/console/api/imports/' + form.getAttribute('data-kind'));
      xhr.setRequestHeader('content-type', 'text/csv');
      xhr.setRequestHeader('x-csrf-token', form.getAttribute('data-csrf'));
      xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      xhr.upload.onprogress = function (ev) { if (ev.lengthComputable) up.value = Math.round((100 * ev.loaded) / ev.total); };
      xhr.onload = function () {
        var j = {};
        try { j = JSON.parse(xhr.responseText); } catch (err) { j = {}; }
        up.value = 100;
        if (xhr.status === 202) return poll(j.id);
        button.disabled = false;
        say(L.failed + ' : ' + (j.message || xhr.status));
      };
      xhr.onerror = function () { button.disabled = false; say(L.failed); };
      xhr.send(file);
    });
  });
})();
