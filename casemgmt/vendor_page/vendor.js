// The vendor's page: reads the link's token from the URL fragment (never sent to a server),
// moves it out of the address bar into this tab's sessionStorage, and calls the vendor API
// with it as a Bearer header. No framework, no outside request.
"use strict";

(function () {
  var API = "/api/v1/vendor/fact-checks/";
  var STORE = "casemgmt.vendor-link";
  var CATEGORIES = {
    exchange_return: "교환·반품", refund_delay: "환불 지연", delivery: "배송",
    product_info: "상품 정보", product_mismatch: "상품 불일치", membership: "회원",
    promotion: "프로모션", merchant_service: "입점업체 서비스", agent_conduct: "상담 응대",
    other: "기타"
  };
  var PROBLEMS = {
    "/problems/vendor-link-expired": "링크의 유효 기간이 지났습니다. 담당자에게 새 링크를 요청해 주세요.",
    "/problems/vendor-link-revoked": "회사에서 이 링크를 회수했습니다. 담당자에게 문의해 주세요.",
    "/problems/vendor-link-fact-check-closed": "이미 답변이 접수되었거나 요청이 취소되어 더 이상 사용할 수 없는 링크입니다.",
    "/problems/other-fact-check": "다른 요청의 링크입니다. 받으신 링크를 다시 열어 주세요."
  };
  var link = null;
  var maxMb = 20;
  var chosen = [];

  function $(id) { return document.getElementById(id); }

  function show(id) {
    ["loading", "problem", "request", "answer", "done"].forEach(function (name) {
      $(name).hidden = name !== id && !(id === "answer" && name === "request");
    });
  }

  function randomKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function readLink() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.get("t") && params.get("f")) {
      var fromUrl = { f: params.get("f"), t: params.get("t") };
      try { sessionStorage.setItem(STORE, JSON.stringify(fromUrl)); } catch (e) { /* private mode */ }
      history.replaceState(null, "", location.pathname);  // the token leaves the address bar
      return fromUrl;
    }
    try { return JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }

  function call(path, options) {
    var headers = Object.assign({ Authorization: "Bearer " + link.t }, options.headers || {});
    return fetch(API + encodeURIComponent(link.f) + path, Object.assign({}, options, {
      headers: headers, cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer"
    })).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) { throw { status: response.status, type: body && body.type }; }
        return body;
      });
    });
  }

  function message(problem) {
    if (problem && PROBLEMS[problem.type]) { return PROBLEMS[problem.type]; }
    switch (problem && problem.status) {
      case 401: return "링크가 올바르지 않습니다. 받으신 링크 전체를 다시 열어 주세요.";
      case 413: return "파일이 너무 큽니다. 한 파일에 " + maxMb + "MB까지 올릴 수 있습니다.";
      case 415: return "올릴 수 없는 파일입니다. 사진(JPEG·PNG·WebP·HEIC), PDF, 녹음(MP3·M4A·WAV)만 올릴 수 있습니다.";
      case 422: return "입력한 내용을 확인해 주세요.";
      case 429: return "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.";
      default: return "일시적인 오류입니다. 잠시 후 다시 시도해 주세요.";
    }
  }

  function fail(problem) {
    $("problem-text").textContent = message(problem);
    show("problem");
    if (problem && problem.status === 401) {
      try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
    }
  }

  function render(fc) {
    maxMb = fc.max_file_mb || maxMb;
    $("reference").textContent = fc.claim_reference;
    $("order-id").textContent = fc.order ? fc.order.id : "-";
    $("order-amount").textContent = fc.order && fc.order.amount_krw !== null
      ? fc.order.amount_krw.toLocaleString("ko-KR") + "원" : "-";
    $("category").textContent = CATEGORIES[fc.category] || fc.category;
    $("due").textContent = new Intl.DateTimeFormat("ko-KR", {
      timeZone: "Asia/Seoul", dateStyle: "long", timeStyle: "short"
    }).format(new Date(fc.due_at));
    $("question").textContent = fc.question;
    $("file-hint").textContent += ", 한 파일에 " + maxMb + "MB까지";
    show("answer");
  }

  function listChosen() {
    var list = $("chosen");
    list.textContent = "";
    chosen.forEach(function (item) {
      var entry = document.createElement("li");
      if (item.file.type.indexOf("image/") === 0) {
        var image = document.createElement("img");
        image.alt = "";
        image.src = URL.createObjectURL(item.file);
        entry.appendChild(image);
      }
      entry.appendChild(document.createTextNode(item.file.name));
      list.appendChild(entry);
    });
  }

  function formError(text) {
    $("form-error").textContent = text;
    $("form-error").hidden = !text;
  }

  function upload(item) {
    if (item.done) { return Promise.resolve(); }
    if (item.file.size > maxMb * 1024 * 1024) { return Promise.reject({ status: 413 }); }
    var body = new FormData();
    body.append("file", item.file, item.file.name);
    return call("/attachments", {
      method: "POST", body: body, headers: { "Idempotency-Key": item.key }
    }).then(function () { item.done = true; });
  }

  function submit(event) {
    event.preventDefault();
    var form = $("answer");
    var finding = form.elements.finding.value;
    if (!finding) { formError("확인 결과를 골라 주세요."); return; }
    formError("");
    $("send").disabled = true;
    $("send").textContent = "보내는 중…";
    chosen.reduce(function (previous, item) {
      return previous.then(function () { return upload(item); });
    }, Promise.resolve()).then(function () {
      return call("/answer", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": randomKey() },
        body: JSON.stringify({ finding: finding, details: $("details").value.trim() || null })
      });
    }).then(function () {
      try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
      show("done");
    }).catch(function (problem) {
      if (problem && problem.status === 401) { fail(problem); return; }
      formError(message(problem));
      $("send").disabled = false;
      $("send").textContent = "답변 보내기";
    });
  }

  function start() {
    link = readLink();
    if (!link) { fail({ status: 401 }); return; }
    $("files").addEventListener("change", function (event) {
      Array.prototype.forEach.call(event.target.files, function (file) {
        chosen.push({ file: file, key: randomKey(), done: false });
      });
      event.target.value = "";
      listChosen();
    });
    $("answer").addEventListener("submit", submit);
    call("", { method: "GET" }).then(render, fail);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
