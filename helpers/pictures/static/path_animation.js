(function () {
  var root = (document.currentScript && document.currentScript.parentNode) ||
             document.getElementById("__ID__");
  var data = JSON.parse(root.querySelector("script.ll-data").textContent);
  var lines = root.querySelectorAll("polyline.ll-path");
  var curves = root.querySelectorAll("polyline.ll-loss");
  var heads = root.querySelectorAll("circle.ll-head");
  var slider = root.querySelector("input.ll-scrub");
  var label = root.querySelector(".ll-label");
  var playBtn = root.querySelector("button.ll-play");
  var frame = data.steps.length - 1, timer = null;
  function pts(flat, n) {
    var out = [];
    for (var i = 0; i < Math.min(n, flat.length / 2); i++) out.push(flat[2*i] + "," + flat[2*i+1]);
    return out.join(" ");
  }
  function show(k) {
    frame = Math.max(0, Math.min(data.steps.length - 1, k));
    var s = data.steps[frame];
    data.paths.forEach(function (p, i) {
      var n = Math.min(s, p.steps) + 1;
      lines[i].setAttribute("points", pts(p.xy, n));
      if (curves[i]) curves[i].setAttribute("points", pts(p.loss, n));
      var m = Math.min(n, p.xy.length / 2) - 1;
      if (m >= 0) { heads[i].setAttribute("cx", p.xy[2*m]); heads[i].setAttribute("cy", p.xy[2*m+1]); }
    });
    slider.value = frame;
    root.setAttribute("data-frame", frame);
    label.textContent = "step " + s + " of " + data.steps[data.steps.length - 1];
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } playBtn.textContent = "\u25B6 play"; }
  function play() {
    if (timer) { stop(); return; }
    if (frame >= data.steps.length - 1) show(0);
    playBtn.textContent = "\u23F8 pause";
    timer = setInterval(function () {
      if (frame >= data.steps.length - 1) { stop(); return; }
      show(frame + 1);
    }, data.interval);
  }
  playBtn.addEventListener("click", play);
  root.querySelector("button.ll-first").addEventListener("click", function () { stop(); show(0); });
  root.querySelector("button.ll-prev").addEventListener("click", function () { stop(); show(frame - 1); });
  root.querySelector("button.ll-next").addEventListener("click", function () { stop(); show(frame + 1); });
  root.querySelector("button.ll-last").addEventListener("click", function () { stop(); show(data.steps.length - 1); });
  slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
  show(frame);
})();
