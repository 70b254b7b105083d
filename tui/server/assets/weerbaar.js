// The restart button of the "session ended" dialog (no inline script: the CSP forbids it).
document.addEventListener("DOMContentLoaded", function () {
  var restart = document.getElementById("restart");
  if (restart) {
    restart.addEventListener("click", function () { window.location.reload(); });
  }
});
