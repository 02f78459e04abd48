// casemgmt workspace: small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // After a refused form or a done message, move focus there so screen readers announce it.
  var first = document.querySelector("[data-focus-on-load]");
  if (first) { first.focus(); }

  // The decision form: say, before submitting, whether the amount needs a supervisor.
  document.querySelectorAll("[data-authority-limit]").forEach(function (input) {
    var limit = Number(input.getAttribute("data-authority-limit"));
    var output = document.getElementById(input.getAttribute("data-preview"));
    var won = function (n) { return n.toLocaleString("ko-KR") + "원"; };
    var update = function () {
      var amount = Number(String(input.value).replace(/[,_\s]/g, ""));
      if (!output) { return; }
      // a cited standard: decision-standard.js says what counts against the limit
      if (input.getAttribute("data-standard-cited")) { return; }
      if (!input.value.trim() || isNaN(amount)) { output.textContent = ""; output.className = "preview"; return; }
      if (amount > limit) {
        output.textContent = won(amount) + "은 나의 전결 한도 " + won(limit) + "을 넘습니다: 상급자의 승인을 기다리게 됩니다.";
        output.className = "preview needs-approval";
      } else {
        output.textContent = won(amount) + "은 전결 한도 안입니다: 바로 승인됩니다.";
        output.className = "preview within";
      }
    };
    input.addEventListener("input", update);
    update();
  });

  // The as-of slider: name the version's event while it moves.
  document.querySelectorAll("[data-version-output]").forEach(function (slider) {
    var output = document.getElementById(slider.getAttribute("data-version-output"));
    var event = document.getElementById(slider.getAttribute("data-version-event"));
    slider.addEventListener("input", function () {
      if (output) { output.textContent = slider.value; }
      var row = document.getElementById("v" + slider.value);
      if (event && row) { event.textContent = row.getAttribute("data-label"); }
    });
  });

  // One submission per click: a double click must not send the command twice.
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (form.getAttribute("data-sent")) { e.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
    });
  });
});

// A page restored from the back/forward cache may be submitted again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (form) { form.removeAttribute("data-sent"); });
});
