/* The booth page's badge scanner.

   Reads a buyer's badge QR code with the phone's camera and opens the booth page for that
   buyer (?badge=<token>). The badge encodes the absolute address .../buyers/badge/<token>/.
   The browser's own BarcodeDetector reads the code where there is one; elsewhere jsQR
   (node_modules/jsqr, served as vendor/jsqr/jsQR.js) reads frames drawn on a canvas.
   Without a camera (or when it is refused) the scanner stays hidden or says so, and the page
   works without it: search the buyer or type it. The messages come translated in the
   element's data-* attributes (no inline script: the CSP forbids it). */
(function () {
  "use strict";

  var root = document.getElementById("booth-scanner");
  if (!root) return;
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return; // no camera here: the search and the typed buyer remain
  }
  var hasDetector = "BarcodeDetector" in window;
  if (!hasDetector && typeof window.jsQR !== "function") return;

  var start = root.querySelector("[data-scan-start]");
  var stop = root.querySelector("[data-scan-stop]");
  var view = root.querySelector("[data-scan-view]");
  var video = view.querySelector("video");
  var status = root.querySelector("[data-scan-status]");
  var BADGE = /\/buyers\/badge\/([A-Za-z0-9_-]{8,64})\/?$/;
  var INTERVAL_MS = 200; // a few reads a second are plenty, and spare the phone's battery
  var MAX_SIDE = 640; // frames are scaled down to this before jsQR reads them

  var stream = null;
  var timer = null;
  var detector = null;
  var canvas = null;
  var context = null;

  root.classList.remove("d-none");

  function say(text) {
    status.textContent = text || "";
  }

  function badgeToken(text) {
    var path;
    try {
      path = new URL(text, window.location.href).pathname;
    } catch (error) {
      return null;
    }
    var match = BADGE.exec(path);
    return match ? match[1] : null;
  }

  function halt() {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    view.classList.add("d-none");
    stop.classList.add("d-none");
    start.classList.remove("d-none");
  }

  function found(text) {
    var token = badgeToken(text);
    if (!token) {
      say(root.dataset.notBadge);
      return false;
    }
    say(root.dataset.found);
    halt();
    window.location.assign(root.dataset.pageUrl + "?badge=" + encodeURIComponent(token));
    return true;
  }

  function readWithJsQR() {
    var width = video.videoWidth;
    var height = video.videoHeight;
    if (!width || !height) return null;
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    var w = Math.round(width * scale);
    var h = Math.round(height * scale);
    if (!canvas) {
      canvas = document.createElement("canvas");
      context = canvas.getContext("2d", { willReadFrequently: true });
    }
    canvas.width = w;
    canvas.height = h;
    context.drawImage(video, 0, 0, w, h);
    var code = window.jsQR(context.getImageData(0, 0, w, h).data, w, h, {
      inversionAttempts: "dontInvert",
    });
    return code ? code.data : null;
  }

  function tick() {
    if (!stream) return;
    var next = function (text) {
      if (!stream) return;
      if (text && found(text)) return;
      timer = window.setTimeout(tick, INTERVAL_MS);
    };
    if (detector) {
      detector.detect(video).then(
        function (codes) { next(codes.length ? codes[0].rawValue : null); },
        function () { next(null); }
      );
    } else {
      next(readWithJsQR());
    }
  }

  function chooseReader() {
    if (!hasDetector) return Promise.resolve(null);
    var formats = window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats()
      : Promise.resolve(["qr_code"]);
    return formats.then(
      function (supported) {
        return supported.indexOf("qr_code") >= 0
          ? new window.BarcodeDetector({ formats: ["qr_code"] })
          : null;
      },
      function () { return null; }
    );
  }

  start.addEventListener("click", function () {
    say(root.dataset.looking);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        view.classList.remove("d-none");
        stop.classList.remove("d-none");
        start.classList.add("d-none");
        return video.play().then(chooseReader);
      })
      .then(function (reader) {
        if (!stream) return;
        detector = reader;
        if (!detector && typeof window.jsQR !== "function") throw new Error("no reader");
        tick();
      })
      .catch(function () {
        halt();
        say(root.dataset.denied);
      });
  });

  stop.addEventListener("click", function () {
    halt();
    say("");
  });

  window.addEventListener("pagehide", halt);
})();
