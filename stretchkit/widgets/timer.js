// The guided session timer: plays a routine's steps in the browser.
//
// Time is read only from performance.now(). Each step ends at a deadline and the next step
// starts at that same deadline, so late timer callbacks (a busy page, a background tab) never
// add up: the countdown shown is always deadline - now. Beeps are scheduled on the Web Audio
// clock ahead of time, so they sound on time even when callbacks come late.

const KINDS_STRETCHING = new Set(["hold", "breath_reps"]);
const BACK_RESTARTS_AFTER_MS = 2000; // "back" early in a step goes to the step before
const TICK_MS = 100;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds - 1e-6));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function duration(seconds) {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m ? `${m} min ${s % 60 ? `${s % 60} s` : ""}`.trim() : `${s} s`;
}

function isoLocal(date) {
  const pad = (n) => String(n).padStart(2, "0");
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const abs = Math.abs(off);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function runId() {
  const bytes = new Uint8Array(8);
  if (globalThis.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 15);
}

function sideText(side) {
  return side === "left" || side === "right" ? `${side} side` : "";
}

// Short sine beeps through one gain node (the mute switch), timed on the audio clock.
class Beeper {
  constructor() {
    this.ctx = null;
    this.out = null;
    this.pending = new Set();
    this.muted = false;
  }
  // Only from a click: browsers start audio only after the person asks for it.
  unlock() {
    try {
      if (!this.ctx) {
        const Audio = globalThis.AudioContext || globalThis.webkitAudioContext;
        if (!Audio) return;
        this.ctx = new Audio();
        this.out = this.ctx.createGain();
        this.out.connect(this.ctx.destination);
      }
      if (this.ctx.state === "suspended") this.ctx.resume();
      this.setMuted(this.muted);
    } catch (e) {
      this.ctx = null; // no sound, the timer still runs
    }
  }
  setMuted(muted) {
    this.muted = muted;
    if (this.out) this.out.gain.value = muted ? 0 : 0.3;
  }
  // A beep at a performance.now() time, converted to the audio clock.
  at(whenMs, freq, seconds) {
    if (!this.ctx) return;
    try {
      const start = this.ctx.currentTime + Math.max(0, (whenMs - performance.now()) / 1000);
      const osc = this.ctx.createOscillator();
      const env = this.ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      env.gain.setValueAtTime(0, start);
      env.gain.linearRampToValueAtTime(1, start + 0.01);
      env.gain.setValueAtTime(1, start + seconds - 0.03);
      env.gain.linearRampToValueAtTime(0, start + seconds);
      osc.connect(env).connect(this.out);
      osc.start(start);
      osc.stop(start + seconds);
      this.pending.add(osc);
      osc.onended = () => this.pending.delete(osc);
    } catch (e) {
      /* a beep that cannot play is left out */
    }
  }
  cancel() {
    for (const osc of this.pending) {
      try {
        osc.stop();
      } catch (e) {
        /* already stopped */
      }
    }
    this.pending.clear();
  }
  close() {
    this.cancel();
    if (this.ctx) this.ctx.close().catch(() => {});
    this.ctx = null;
  }
}

function render({ model, el: host }) {
  // --- layout -------------------------------------------------------------------------
  const title = el("h3", { class: "sk-timer-title" });
  const blocked = el("div", { class: "sk-timer-blocked", role: "alert", hidden: true });
  const kind = el("div", { class: "sk-timer-kind" });
  const name = el("div", { class: "sk-timer-name" });
  const side = el("div", { class: "sk-timer-side" });
  const count = el("div", {
    class: "sk-timer-count",
    role: "timer",
    "aria-live": "off",
    "aria-label": "Time left in this step",
  });
  const cue = el("div", { class: "sk-timer-cue", "aria-live": "polite" });
  const dot = el("div", { class: "sk-timer-dot", "aria-hidden": "true" });
  const breath = el("div", { class: "sk-timer-breath-text" });
  const pacer = el("div", { class: "sk-timer-pacer", hidden: true }, dot, breath);
  const next = el("div", { class: "sk-timer-next" });
  const bar = el("progress", { class: "sk-timer-bar", max: 1, value: 0, "aria-label": "Progress through the routine" });
  const barText = el("div", { class: "sk-timer-bar-text" });
  const howTitle = el("h4", { class: "sk-timer-how-title" });
  const howSteps = el("ol", { class: "sk-timer-how-steps" });
  const howTips = el("p", { class: "sk-timer-how-tips" });
  const how = el("div", { class: "sk-timer-how" }, howTitle, howSteps, howTips);

  const button = (cls, text, label, keys) =>
    el("button", {
      type: "button",
      class: `sk-timer-btn ${cls}`,
      text,
      "aria-label": label,
      title: label + (keys ? ` (${keys})` : ""),
      "aria-keyshortcuts": keys ? keys.replace("Arrow ", "Arrow") : null,
    });
  const startBtn = button("sk-timer-start", "Start", "Start the routine", "Space");
  const backBtn = button("sk-timer-back", "◀ Back", "Back: restart this step, or go to the step before", "ArrowLeft");
  const skipBtn = button("sk-timer-skip", "Skip ▶", "Skip to the next step", "ArrowRight");
  const stopBtn = button("sk-timer-stop", "■ Stop", "Stop the routine and report what was done", null);
  const painBtn = button("sk-timer-pain", "⚠ Sharp pain – stop", "Sharp pain: stop now", null);
  const muteBox = el("input", { type: "checkbox", class: "sk-timer-mute", id: null });
  const speakBox = el("input", { type: "checkbox", class: "sk-timer-speak" });
  const muteLabel = el("label", { class: "sk-timer-toggle" }, muteBox, document.createTextNode(" Mute (M)"));
  const speakLabel = el("label", { class: "sk-timer-toggle" }, speakBox, document.createTextNode(" Speak the cues"));
  const controls = el(
    "div",
    { class: "sk-timer-controls", role: "group", "aria-label": "Timer controls" },
    startBtn,
    backBtn,
    skipBtn,
    stopBtn,
    painBtn,
    muteLabel,
    speakLabel,
  );
  const keysHelp = el("p", {
    class: "sk-timer-keys",
    text: "Keys: Space start / pause / resume · ← back · → skip · M mute. Tab reaches every button.",
  });

  // Asked before the first hold: contraindications and the warm-up.
  const askTitle = el("h4", { text: "Before you start" });
  const askList = el("ul", { class: "sk-timer-contra" });
  const askWarm = el("p", { class: "sk-timer-warm-text" });
  const yesBtn = button("sk-timer-warmed", "Yes, I have warmed up: skip the warm-up", "Yes, I have warmed up in the last few minutes: skip the warm-up", null);
  const noBtn = button("sk-timer-warm", "No: warm up with the timer first", "No: start with the warm-up", null);
  const cancelBtn = button("sk-timer-cancel", "Not now", "Do not start", null);
  const askQ = el("p", { class: "sk-timer-question", text: "Have you warmed up in the last few minutes?" });
  const ask = el(
    "div",
    { class: "sk-timer-ask", role: "dialog", "aria-label": "Before you start", hidden: true },
    askTitle,
    el("p", { text: "See a doctor or physiotherapist before these stretches if any of these apply:" }),
    askList,
    askWarm,
    askQ,
    el("div", { class: "sk-timer-controls" }, yesBtn, noBtn, cancelBtn),
  );
  const stopAdvice = el("div", { class: "sk-timer-stop-advice", role: "alert", hidden: true });
  const summary = el("div", { class: "sk-timer-summary", role: "status", hidden: true });

  const now = el(
    "div",
    { class: "sk-timer-now" },
    el("div", { class: "sk-timer-head" }, kind, name, side),
    count,
    cue,
    pacer,
  );
  const root = el(
    "div",
    {
      class: "sk-timer",
      role: "region",
      "aria-label": "Guided stretching timer",
      tabindex: "0",
      "data-lm-suppress-shortcuts": "true",
    },
    title,
    blocked,
    ask,
    stopAdvice,
    el("div", { class: "sk-timer-main" }, now, how),
    next,
    bar,
    barText,
    controls,
    keysHelp,
    summary,
  );
  host.append(root);

  // --- state --------------------------------------------------------------------------
  const beeper = new Beeper();
  let plan = model.get("steps") || [];
  let state = "ready"; // ready, asking, running, paused, done, stopped, sharp_pain
  let idx = 0;
  let runStart = 0; // when the current stretch of running began (performance.now ms)
  let spent = 0; // ms spent in the current step before runStart
  let records = [];
  let late = [];
  let saidWarm = null;
  let started = null;
  let startedPerf = 0;
  let alarm = null;
  let id = "";

  const stepMs = (i) => plan[i].seconds * 1000;
  const elapsedMs = (t) => spent + (state === "running" ? t - runStart : 0);
  const endAt = () => runStart + stepMs(idx) - spent;
  const totalMs = () => plan.reduce((a, s) => a + s.seconds * 1000, 0);

  function speak(text) {
    if (!model.get("speak") || model.get("muted") || !globalThis.speechSynthesis) return;
    try {
      speechSynthesis.cancel();
      speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    } catch (e) {
      /* no voice: the cue is on screen */
    }
  }

  function publish() {
    model.set("status", state);
    model.set("position", idx);
    model.save_changes();
  }

  function scheduleBeeps() {
    beeper.cancel();
    if (state !== "running") return;
    const end = endAt();
    const t = performance.now();
    for (const k of [3, 2, 1]) {
      const when = end - k * 1000;
      if (stepMs(idx) >= (k + 1) * 1000 && when > t) beeper.at(when, 660, 0.12);
    }
    const following = plan[idx + 1];
    if (!following) beeper.at(end, 1320, 0.7);
    else if (following.kind === "switch_sides") {
      beeper.at(end, 990, 0.15);
      beeper.at(end + 220, 990, 0.15);
    } else beeper.at(end, 880, 0.35);
  }

  function arm() {
    clearTimeout(alarm);
    if (state !== "running") return;
    alarm = setTimeout(onAlarm, Math.max(0, endAt() - performance.now()));
  }

  function entered() {
    const step = plan[idx];
    speak(step.cue);
    scheduleBeeps();
    arm();
    publish();
    draw();
  }

  function onAlarm() {
    if (state !== "running") return;
    const t = performance.now();
    let moved = false;
    // Catch up on every step whose deadline has passed, each starting at the last one's end.
    while (t >= endAt() - 0.5) {
      const end = endAt();
      late.push({ step: idx + 1, late_ms: t - end });
      records[idx].done_ms += stepMs(idx); // this visit ran to its end, pauses aside
      if (idx === plan.length - 1) {
        finish("done", end);
        return;
      }
      idx += 1;
      records[idx].reached = true;
      runStart = end;
      spent = 0;
      moved = true;
    }
    if (moved) entered();
    else arm();
  }

  function begin(warmed) {
    saidWarm = warmed;
    plan = (warmed ? model.get("steps_warmed") : model.get("steps")) || [];
    if (!plan.length) return;
    records = plan.map(() => ({ done_ms: 0, skipped: false, reached: false }));
    records[0].reached = true;
    late = [];
    id = runId();
    started = new Date();
    startedPerf = performance.now();
    ask.hidden = true;
    stopAdvice.hidden = true;
    summary.hidden = true;
    state = "running";
    idx = 0;
    spent = 0;
    runStart = startedPerf;
    beeper.at(startedPerf, 880, 0.2);
    entered();
    root.focus();
  }

  function askFirst() {
    if (model.get("blocked")) return;
    beeper.unlock();
    state = "asking";
    ask.hidden = false;
    publish();
    draw();
    yesBtn.focus();
  }

  function pause() {
    if (state !== "running") return;
    const t = performance.now();
    spent += t - runStart;
    state = "paused";
    clearTimeout(alarm);
    beeper.cancel();
    if (globalThis.speechSynthesis) speechSynthesis.cancel();
    publish();
    draw();
  }

  function resume() {
    if (state !== "paused") return;
    beeper.unlock();
    runStart = performance.now();
    state = "running";
    scheduleBeeps();
    arm();
    publish();
    draw();
  }

  function leaveStep(t, skipped) {
    const ms = elapsedMs(t);
    records[idx].done_ms += ms;
    if (skipped && ms < stepMs(idx)) records[idx].skipped = true;
    return ms;
  }

  function goTo(i, t) {
    idx = i;
    records[idx].reached = true;
    records[idx].skipped = false;
    spent = 0;
    runStart = t;
    entered();
  }

  function skip() {
    if (state !== "running" && state !== "paused") return;
    const t = performance.now();
    leaveStep(t, true);
    if (idx === plan.length - 1) finish("done", t);
    else goTo(idx + 1, t);
  }

  function back() {
    if (state !== "running" && state !== "paused") return;
    const t = performance.now();
    const ms = leaveStep(t, false);
    goTo(ms > BACK_RESTARTS_AFTER_MS || idx === 0 ? idx : idx - 1, t);
  }

  function stop() {
    if (state !== "running" && state !== "paused") return;
    const t = performance.now();
    leaveStep(t, true);
    finish("stopped", t);
  }

  function sharpPain() {
    if (state !== "running" && state !== "paused") return;
    const t = performance.now();
    leaveStep(t, false);
    finish("sharp_pain", t, idx + 1);
  }

  function finish(status, t, painStep = null) {
    clearTimeout(alarm);
    if (status !== "done") beeper.cancel();
    if (globalThis.speechSynthesis && status !== "done") speechSynthesis.cancel();
    state = status;
    const ended = new Date(started.getTime() + (t - startedPerf));
    const steps = plan.map((s, i) => ({
      step: i + 1,
      kind: s.kind,
      stretch_id: s.stretch_id,
      name: s.name,
      side: s.side,
      round: s.round,
      seconds: s.seconds,
      done_s: Math.round(records[i].done_ms) / 1000,
      skipped: records[i].skipped,
      reached: records[i].reached,
    }));
    model.set("report", {
      run_id: id,
      status,
      said_warmed_up: saidWarm,
      started_at: isoLocal(started),
      ended_at: isoLocal(ended),
      elapsed_s: Math.round(t - startedPerf) / 1000,
      planned_s: totalMs() / 1000,
      steps,
      sharp_pain_step: painStep,
      late_ms: late,
    });
    publish();
    if (status === "sharp_pain") {
      const advice = model.get("advice") || {};
      stopAdvice.replaceChildren(
        el("h4", { text: "⚠ Stopped: sharp pain" }),
        el("p", { text: (advice.stop && advice.stop.text) || "Stop stretching now." }),
        el("p", { text: advice.consult || "See a doctor or physiotherapist before stretching again." }),
        el("p", { text: "The session was stopped and the pain is recorded with it." }),
      );
      stopAdvice.hidden = false;
      speak("Stop. Sharp pain means stop.");
    }
    const held = steps.filter((s) => KINDS_STRETCHING.has(s.kind));
    const heldS = held.reduce((a, s) => a + s.done_s, 0);
    const done = held.filter((s) => s.done_s >= s.seconds).length;
    const words = { done: "Routine complete", stopped: "Stopped", sharp_pain: "Stopped for sharp pain" };
    summary.textContent =
      `${words[status]}: ${done} of ${held.length} holds done in full, ` +
      `${duration(heldS)} of stretching.`;
    summary.hidden = false;
    draw();
    startBtn.focus();
  }

  // --- drawing ------------------------------------------------------------------------
  function showHow(stretchId) {
    const info = (model.get("stretches") || {})[stretchId];
    if (!info) {
      const advice = model.get("advice") || {};
      howTitle.textContent = plan[idx] && plan[idx].kind === "warm_up" ? "Warm-up" : "";
      howSteps.replaceChildren();
      howTips.textContent =
        plan[idx] && plan[idx].kind === "warm_up" && advice.warm_up ? advice.warm_up.text : "";
      how.hidden = !howTips.textContent;
      return;
    }
    how.hidden = false;
    howTitle.textContent = `How to do ${info.name}`;
    howSteps.replaceChildren(...info.steps.map((s) => el("li", { text: s })));
    howTips.textContent = info.tips ? `Tip: ${info.tips}` : "";
  }

  function drawPacer(step, t) {
    const pace = step.kind === "breath_reps" ? step.breath_s : model.get("pace_s");
    if (!(state === "running" || state === "paused") || !KINDS_STRETCHING.has(step.kind) || !pace) {
      pacer.hidden = true;
      return;
    }
    pacer.hidden = false;
    const ms = elapsedMs(t);
    const phase = (ms / 1000 / pace) % 1;
    const inhale = phase < 0.5;
    let word = inhale ? "Breathe in" : "Breathe out";
    if (step.kind === "breath_reps") {
      const move = inhale ? step.inhale : step.exhale;
      const cycle = Math.min(step.breath_cycles || 1, Math.floor(ms / 1000 / pace) + 1);
      word = `${inhale ? "Inhale" : "Exhale"}${move ? `: ${move}` : ""} · breath ${cycle} of ${step.breath_cycles}`;
    }
    breath.textContent = word;
    const size = inhale ? 0.55 + 0.45 * (phase / 0.5) : 1 - 0.45 * ((phase - 0.5) / 0.5);
    dot.style.transform = `scale(${size.toFixed(3)})`;
    pacer.dataset.phase = inhale ? "inhale" : "exhale";
  }

  function draw() {
    const t = performance.now();
    title.textContent = model.get("title") || "Guided session";
    const why = model.get("blocked");
    blocked.textContent = why;
    blocked.hidden = !why;
    const live = state === "running" || state === "paused";
    root.dataset.state = state;
    if (!plan.length) plan = model.get("steps") || [];
    const step = plan[Math.min(idx, plan.length - 1)];
    if (!step) return;
    root.dataset.kind = step.kind;
    root.dataset.step = String(idx + 1);
    const labels = {
      get_ready: "Get ready",
      warm_up: "Warm-up",
      hold: "Hold",
      switch_sides: "Switch sides",
      breath_reps: "Move with your breath",
      transition: "Change position",
      rest: "Rest",
    };
    const showing = live ? step : plan[0];
    kind.textContent = live ? labels[step.kind] : state === "ready" || state === "asking" ? "Ready" : "Finished";
    name.textContent = showing.name || "";
    side.textContent = live ? sideText(step.side) : "";
    const left = live ? (stepMs(idx) - elapsedMs(t)) / 1000 : state === "ready" || state === "asking" ? totalMs() / 1000 : 0;
    count.textContent = clock(left);
    count.dataset.seconds = String(Math.max(0, Math.ceil(left - 1e-6)));
    if (live) {
      if (cue.textContent !== step.cue) cue.textContent = step.cue;
    } else if (state === "ready" || state === "asking") {
      cue.textContent = `${plan.length} steps, ${duration(totalMs() / 1000)} in all. Press Start when you are in place.`;
    }
    showHow(showing.stretch_id);
    drawPacer(step, t);
    const following = plan[idx + 1];
    next.textContent = live ? (following ? `Next: ${following.cue}` : "Next: the end of the routine") : "";
    let doneMs = 0;
    if (live) {
      for (let i = 0; i < idx; i++) doneMs += stepMs(i);
      doneMs += Math.min(stepMs(idx), elapsedMs(t));
    } else if (state !== "ready" && state !== "asking") doneMs = totalMs();
    bar.max = Math.max(1, totalMs());
    bar.value = doneMs;
    barText.textContent = `Step ${live ? idx + 1 : state === "ready" || state === "asking" ? 0 : plan.length} of ${plan.length} · ${clock(doneMs / 1000)} of ${clock(totalMs() / 1000)}${state === "paused" ? " · paused" : ""}`;
    startBtn.textContent = state === "running" ? "❚❚ Pause" : state === "paused" ? "▶ Resume" : live ? "" : state === "ready" || state === "asking" ? "▶ Start" : "▶ Start again";
    startBtn.setAttribute("aria-label", state === "running" ? "Pause" : state === "paused" ? "Resume" : "Start the routine");
    startBtn.disabled = Boolean(why) || state === "asking";
    for (const b of [backBtn, skipBtn, stopBtn, painBtn]) b.disabled = !live;
    muteBox.checked = Boolean(model.get("muted"));
    speakBox.checked = Boolean(model.get("speak"));
    speakBox.disabled = !globalThis.speechSynthesis;
  }

  function fillAsk() {
    const advice = model.get("advice") || {};
    askList.replaceChildren(
      ...(advice.contraindications || []).map((c) => el("li", {}, el("strong", { text: `${c.title}: ` }), document.createTextNode(c.text))),
    );
    askWarm.textContent = advice.warm_up ? advice.warm_up.text : "";
  }

  // --- input --------------------------------------------------------------------------
  function toggle() {
    if (state === "running") pause();
    else if (state === "paused") resume();
    else if (state !== "asking") askFirst();
  }
  startBtn.addEventListener("click", toggle);
  backBtn.addEventListener("click", back);
  skipBtn.addEventListener("click", skip);
  stopBtn.addEventListener("click", stop);
  painBtn.addEventListener("click", sharpPain);
  yesBtn.addEventListener("click", () => begin(true));
  noBtn.addEventListener("click", () => begin(false));
  cancelBtn.addEventListener("click", () => {
    ask.hidden = true;
    state = "ready";
    publish();
    draw();
    startBtn.focus();
  });
  muteBox.addEventListener("change", () => {
    model.set("muted", muteBox.checked);
    model.save_changes();
  });
  speakBox.addEventListener("change", () => {
    model.set("speak", speakBox.checked);
    model.save_changes();
  });
  root.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLInputElement;
    let handled = true;
    if (e.key === " " || e.key === "Spacebar") {
      if (onControl) return e.stopPropagation(); // the focused control's own click
      toggle();
    } else if (e.key === "ArrowRight") skip();
    else if (e.key === "ArrowLeft") back();
    else if (e.key === "m" || e.key === "M") {
      model.set("muted", !model.get("muted"));
      model.save_changes();
    } else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation(); // keep JupyterLab's own shortcuts out of the timer
    }
  });
  document.addEventListener("visibilitychange", onAlarm);

  const onMuted = () => {
    beeper.setMuted(Boolean(model.get("muted")));
    if (model.get("muted") && globalThis.speechSynthesis) speechSynthesis.cancel();
    draw();
  };
  const onSteps = () => {
    if (state === "running" || state === "paused") return; // a running routine plays on
    plan = model.get("steps") || [];
    idx = 0;
    state = "ready";
    summary.hidden = true;
    stopAdvice.hidden = true;
    draw();
  };
  model.on("change:muted", onMuted);
  model.on("change:speak", draw);
  model.on("change:blocked", draw);
  model.on("change:title", draw);
  model.on("change:steps", onSteps);
  model.on("change:advice", fillAsk);

  beeper.setMuted(Boolean(model.get("muted")));
  fillAsk();
  draw();
  const ticker = setInterval(() => {
    if (state === "running") draw();
  }, TICK_MS);

  return () => {
    clearInterval(ticker);
    clearTimeout(alarm);
    document.removeEventListener("visibilitychange", onAlarm);
    model.off("change:muted", onMuted);
    model.off("change:speak", draw);
    model.off("change:blocked", draw);
    model.off("change:title", draw);
    model.off("change:steps", onSteps);
    model.off("change:advice", fillAsk);
    beeper.close();
  };
}

export default { render };
