(function () {
  var root = (document.currentScript && document.currentScript.parentNode) ||
             document.getElementById("__ID__");
  var data = JSON.parse(root.querySelector("script.ll-data").textContent);
  var canvas = root.querySelector("canvas");
  var ctx = canvas.getContext("2d");
  var buttons = root.querySelectorAll("button.ll-mode");
  var az = data.azimuth, el = data.elevation, mode = 0;
  var n = data.n;
  function color(t) {
    var c = data.cmap, x = Math.max(0, Math.min(1, t)) * (c.length - 1);
    var i = Math.min(c.length - 2, Math.floor(x)), f = x - i, a = c[i], b = c[i + 1];
    return "rgb(" + Math.round(a[0] + f * (b[0] - a[0])) + "," + Math.round(a[1] + f * (b[1] - a[1])) +
           "," + Math.round(a[2] + f * (b[2] - a[2])) + ")";
  }
  function draw() {
    var L = data.landscapes[mode], z = L.z;
    var W = canvas.width, H = canvas.height, s = 0.3 * Math.min(W, H * 1.3);
    var ca = Math.cos(az), sa = Math.sin(az), ce = Math.cos(el), se = Math.sin(el);
    var P = new Array(n * n), D = new Array(n * n);
    for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) {
      var x = -1 + 2 * j / (n - 1), y = -1 + 2 * i / (n - 1), h = (z[i * n + j] - 0.5) * 1.2;
      var xr = x * ca - y * sa, yr = x * sa + y * ca;
      P[i * n + j] = [W / 2 + s * xr, H * 0.55 - s * (h * ce + yr * se)];
      D[i * n + j] = yr * ce - h * se;
    }
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    var quads = [];
    for (var i = 0; i < n - 1; i++) for (var j = 0; j < n - 1; j++) {
      var k = i * n + j;
      quads.push([(D[k] + D[k + 1] + D[k + n] + D[k + n + 1]) / 4, k,
                  (z[k] + z[k + 1] + z[k + n] + z[k + n + 1]) / 4]);
    }
    quads.sort(function (a, b) { return b[0] - a[0]; });
    ctx.lineWidth = 0.6; ctx.strokeStyle = "rgba(0,0,0,0.25)";
    for (var q = 0; q < quads.length; q++) {
      var k = quads[q][1], a = P[k], b = P[k + 1], c = P[k + n + 1], d = P[k + n];
      ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.lineTo(c[0], c[1]);
      ctx.lineTo(d[0], d[1]); ctx.closePath();
      ctx.fillStyle = color(quads[q][2]); ctx.fill(); ctx.stroke();
    }
    ctx.fillStyle = "#222"; ctx.font = "14px sans-serif";
    ctx.fillText(L.name + ":  " + L.formula, 10, 20);
    ctx.font = "12px sans-serif"; ctx.fillStyle = "#444";
    ctx.fillText("azimuth " + Math.round(az * 180 / Math.PI) + "\u00B0, elevation " +
                 Math.round(el * 180 / Math.PI) + "\u00B0", 10, H - 10);
    function axisLabel(x, y, h, t) {
      var xr = x * ca - y * sa, yr = x * sa + y * ca;
      ctx.fillText(t, W / 2 + s * xr, H * 0.55 - s * (h * ce + yr * se));
    }
    ctx.fillStyle = "#000"; ctx.font = "13px sans-serif";
    axisLabel(1.25, 0, -0.6, "w\u2081"); axisLabel(0, 1.25, -0.6, "w\u2082");
    canvas.setAttribute("data-azimuth", (az * 180 / Math.PI).toFixed(1));
    canvas.setAttribute("data-elevation", (el * 180 / Math.PI).toFixed(1));
    canvas.setAttribute("data-mode", L.name);
    canvas.setAttribute("aria-label", L.alt);
    for (var b = 0; b < buttons.length; b++) {
      buttons[b].classList.toggle("ll-on", b === mode);
      buttons[b].setAttribute("aria-pressed", b === mode ? "true" : "false");
    }
  }
  function rotate(dx, dy) {
    az -= dx * 0.01;
    el = Math.max(0.05, Math.min(1.5, el + dy * 0.01));
    draw();
  }
  var dragging = false, lx = 0, ly = 0;
  canvas.addEventListener("pointerdown", function (e) {
    dragging = true; lx = e.clientX; ly = e.clientY;
    if (canvas.setPointerCapture) { try { canvas.setPointerCapture(e.pointerId); } catch (err) {} }
    canvas.style.cursor = "grabbing"; e.preventDefault();
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!dragging) return;
    rotate(e.clientX - lx, e.clientY - ly); lx = e.clientX; ly = e.clientY;
  });
  function end() { dragging = false; canvas.style.cursor = "grab"; }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  canvas.addEventListener("keydown", function (e) {
    var d = {ArrowLeft: [-15, 0], ArrowRight: [15, 0], ArrowUp: [0, -10], ArrowDown: [0, 10]}[e.key];
    if (d) { rotate(d[0], d[1]); e.preventDefault(); }
  });
  for (var b = 0; b < buttons.length; b++) (function (b) {
    buttons[b].addEventListener("click", function () { mode = b; draw(); });
  })(b);
  draw();
})();
