// Guichet console: small progressive enhancements; every screen works without this file except the live charts
// and the upload's progress bar. No inline script anywhere (the CSP forbids it).
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  // A form that changes something important asks first (data-confirm holds the question, in the page's language).
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
  // The reconciliation's print button (no inline handler: the CSP forbids them).
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
});
