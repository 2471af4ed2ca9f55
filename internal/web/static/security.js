// Helio console: confirmations, the resend countdown and passkeys
// (WebAuthn) for the security centre and the step-up page. No framework.
(function () {
  "use strict";

  function b64urlToBytes(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function bytesToB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function api(method, path, body) {
    var opts = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        return { status: r.status, body: t ? JSON.parse(t) : {} };
      });
    });
  }

  function showError(fallback, answer) {
    var el = document.getElementById("passkey-error");
    if (!el) return;
    el.textContent = (answer && answer.body && answer.body.error && answer.body.error.message) || fallback;
    el.hidden = false;
  }

  // Resend countdown: the button waits out the resend interval.
  var resend = document.getElementById("resend");
  if (resend) {
    var left = parseInt(resend.getAttribute("data-countdown"), 10) || 0;
    var label = resend.textContent, wait = resend.getAttribute("data-wait");
    var tick = function () {
      if (left <= 0) {
        resend.disabled = false;
        resend.textContent = label;
        return;
      }
      resend.disabled = true;
      resend.textContent = wait.replace("{s}", String(left));
      left--;
      setTimeout(tick, 1000);
    };
    tick();
  }

  // Register a passkey (security centre).
  var add = document.getElementById("passkey-add");
  if (add) {
    add.addEventListener("click", function () {
      var fallback = add.getAttribute("data-error");
      api("POST", "/api/v1/me/webauthn/registrations").then(function (a) {
        if (a.status !== 200) throw a;
        var pk = a.body.publicKey;
        pk.challenge = b64urlToBytes(pk.challenge);
        pk.user.id = b64urlToBytes(pk.user.id);
        (pk.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBytes(c.id); });
        return navigator.credentials.create({ publicKey: pk });
      }).then(function (cred) {
        var credential = {
          id: cred.id, rawId: bytesToB64url(cred.rawId), type: cred.type,
          response: {
            clientDataJSON: bytesToB64url(cred.response.clientDataJSON),
            attestationObject: bytesToB64url(cred.response.attestationObject),
            transports: cred.response.getTransports ? cred.response.getTransports() : []
          },
          clientExtensionResults: cred.getClientExtensionResults()
        };
        var name = document.getElementById("passkey-name").value;
        return api("POST", "/api/v1/me/webauthn/registrations/finish", { name: name, credential: credential });
      }).then(function (a) {
        if (a.status !== 201) throw a;
        window.location.reload();
      }).catch(function (a) { showError(fallback, a); });
    });
  }

  // Answer a step-up challenge with a passkey (log-in).
  var use = document.getElementById("passkey-verify");
  if (use) {
    use.addEventListener("click", function () {
      var fallback = use.getAttribute("data-error"), challenge = use.getAttribute("data-challenge");
      api("GET", "/api/v1/sessions/challenges/" + encodeURIComponent(challenge) + "/webauthn").then(function (a) {
        if (a.status !== 200) throw a;
        var pk = a.body.publicKey;
        pk.challenge = b64urlToBytes(pk.challenge);
        (pk.allowCredentials || []).forEach(function (c) { c.id = b64urlToBytes(c.id); });
        return navigator.credentials.get({ publicKey: pk });
      }).then(function (cred) {
        var r = cred.response;
        return api("POST", "/api/v1/sessions/verify", {
          challenge_id: challenge, method: "webauthn",
          assertion: {
            id: cred.id, rawId: bytesToB64url(cred.rawId), type: cred.type,
            response: {
              clientDataJSON: bytesToB64url(r.clientDataJSON), authenticatorData: bytesToB64url(r.authenticatorData),
              signature: bytesToB64url(r.signature), userHandle: r.userHandle ? bytesToB64url(r.userHandle) : ""
            },
            clientExtensionResults: cred.getClientExtensionResults()
          }
        });
      }).then(function (a) {
        if (a.status === 201) {
          window.location.assign(use.getAttribute("data-next") || "/");
        } else if (a.body.error && a.body.error.code === "step_up_required") {
          window.location.reload();
        } else {
          throw a;
        }
      }).catch(function (a) { showError(fallback, a); });
    });
  }
})();
