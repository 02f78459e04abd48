// casemgmt workspace: the decision form citing the remedy standard (소비자분쟁해결기준).
// Without this file the form's "계산" button asks the server; with it, picking a rule brings its
// inputs and every change shows the standard amount, the deviation and whether the decision will
// wait for a supervisor — from the workspace's own preview route (same origin, JSON), which
// tries the decision on a copy of the claim and writes nothing.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-standard-form]").forEach(function (form) {
    var url = form.getAttribute("data-standard-form");
    var select = form.querySelector("[data-standard-rule]");
    var inputs = form.querySelector("[data-standard-inputs]");
    var output = form.querySelector("[data-standard-preview]");
    var button = form.querySelector("[data-standard-calculate]");
    var amount = form.querySelector("[name='amount_krw']");
    var authority = document.getElementById("decision-preview");
    if (!select || !inputs || !output) { return; }
    var timer = null;
    var asked = 0;

    var say = function (text, kind) {
      output.textContent = "";
      if (!text) { return; }
      var p = document.createElement("p");
      p.className = "preview" + (kind ? " " + kind : "");
      p.id = "standard-result";
      p.textContent = text;
      output.appendChild(p);
    };

    var cited = function (yes) {
      if (!amount) { return; }
      if (yes) {
        amount.setAttribute("data-standard-cited", "1");
        if (authority) { authority.textContent = ""; authority.className = "preview"; }
      } else {
        amount.removeAttribute("data-standard-cited");
        amount.dispatchEvent(new Event("input"));  // workspace.js says the whole amount again
      }
    };

    var field = function (spec, value) {
      var id = "decisions-standard-inputs-" + spec.name.replace(/_/g, "-");
      var wrap = document.createElement("div");
      wrap.className = "field";
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = spec.label_ko + " (" + spec.unit + ") ";
      var required = document.createElement("span");
      required.className = "required";
      required.textContent = "(필수)";
      label.appendChild(required);
      wrap.appendChild(label);
      var input = document.createElement("input");
      if (spec.description_ko) {
        var hint = document.createElement("p");
        hint.className = "hint";
        hint.id = id + "-hint";
        hint.textContent = spec.description_ko;
        wrap.appendChild(hint);
        input.setAttribute("aria-describedby", hint.id);
      }
      input.id = id;
      input.name = "standard.inputs." + spec.name;
      input.type = "text";
      input.value = value || "";
      input.setAttribute("inputmode", "numeric");
      input.setAttribute("autocomplete", "off");
      input.setAttribute("aria-required", "true");
      wrap.appendChild(input);
      return wrap;
    };

    var showRule = function (rule) {
      var kept = {};
      inputs.querySelectorAll("input[name^='standard.inputs.']").forEach(function (input) {
        kept[input.name] = input.value;
      });
      inputs.textContent = "";
      if (!rule) {
        if (button) { button.textContent = "이 기준의 입력 항목 보기"; button.value = "rule"; }
        return;
      }
      var marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = "standard.inputs";
      marker.value = "";
      inputs.appendChild(marker);
      var list = document.createElement("ol");
      list.className = "remedies";
      rule.remedies.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      inputs.appendChild(list);
      rule.inputs.forEach(function (spec) {
        inputs.appendChild(field(spec, kept["standard.inputs." + spec.name]));
      });
      if (button) { button.textContent = "계산"; button.value = "calculate"; }
    };

    var ready = function () {
      var filled = true;
      inputs.querySelectorAll("input[name^='standard.inputs.']").forEach(function (input) {
        if (!input.value.trim()) { filled = false; }
      });
      return filled && amount && amount.value.trim() !== "";
    };

    var ask = function (step) {
      var body = new FormData(form);
      body.set("step", step);
      var mine = ++asked;
      return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                         headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (answer) { return mine === asked ? answer : null; });
    };

    var calculate = function () {
      if (!select.value) { say(""); return; }
      if (!ready()) { say("계산하려면 보상, 금액과 이 기준이 묻는 값을 모두 채우세요."); return; }
      ask("calculate").then(function (answer) {
        if (!answer) { return; }
        if (answer.preview) {
          say(answer.preview.summary_ko,
              answer.preview.status === "pending_approval" ? "needs-approval" : "within");
        } else {
          var messages = [];
          Object.keys(answer.errors || {}).forEach(function (name) {
            messages = messages.concat(answer.errors[name]);
          });
          say("계산할 수 없습니다: " + messages.join(" "), "needs-approval");
        }
      }).catch(function () { say("기준 금액을 계산하지 못했습니다. '계산' 버튼으로 다시 시도하세요."); });
    };

    var later = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(calculate, 300);
    };

    select.addEventListener("change", function () {
      say("");
      if (!select.value) { showRule(null); cited(false); return; }
      cited(true);
      ask("rule").then(function (answer) {
        if (!answer || !answer.rule) { return; }
        showRule(answer.rule);
        calculate();
      }).catch(function () {
        showRule(null);
        say("이 기준의 입력 항목을 불러오지 못했습니다. '이 기준의 입력 항목 보기' 버튼을 누르세요.");
      });
    });
    form.addEventListener("input", function (e) {
      if (e.target === select || !select.value) { return; }
      if (e.target.name === "rationale") { return; }
      later();
    });
    form.addEventListener("change", function (e) {
      if (e.target.name === "remedy" && select.value) { later(); }
    });
    if (button) {
      button.addEventListener("click", function (e) {
        // no rule, or its inputs not on the page: the server answers (and names what is missing)
        if (!select.value || button.value !== "calculate") { return; }
        e.preventDefault();
        calculate();
      });
    }
    if (select.value) { cited(true); }
  });
});
