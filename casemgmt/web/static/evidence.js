// casemgmt workspace, the claim page's evidence: enhancements only, the page works without them.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // A vendor link just made: copy it with one click (the field stays selectable by hand).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (status) { status.textContent = "링크를 복사했습니다."; }
      }, function () {
        source.select();
        if (status) { status.textContent = "복사하지 못했습니다. 선택된 링크를 Ctrl+C로 복사하세요."; }
      });
    });
  });

  // A file over the cap: say so next to the field before sending megabytes the server refuses.
  document.querySelectorAll("input[type='file'][data-max-bytes]").forEach(function (input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    var form = input.form;
    var error = document.createElement("p");
    error.className = "field-error";
    error.id = input.id + "-size-error";
    error.hidden = true;
    input.parentNode.appendChild(error);
    var tooLarge = function () {
      return Array.prototype.some.call(input.files || [], function (f) { return f.size > limit; });
    };
    var check = function () {
      var bad = tooLarge();
      error.hidden = !bad;
      error.textContent = bad ? input.getAttribute("data-too-large") : "";
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== error.id;
      });
      if (bad) { described.push(error.id); input.setAttribute("aria-invalid", "true"); }
      else { input.removeAttribute("aria-invalid"); }
      if (described.length) { input.setAttribute("aria-describedby", described.join(" ")); }
      else { input.removeAttribute("aria-describedby"); }
      return bad;
    };
    input.addEventListener("change", check);
    if (form) {
      form.addEventListener("submit", function (e) {
        if (check()) { e.preventDefault(); e.stopImmediatePropagation(); input.focus(); }
      }, true);
    }
  });
});
