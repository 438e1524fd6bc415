// The guided session timer: plays a routine's steps in the browser.
//
// Time is read only from performance.now(). Each step ends at a deadline and the next step
// starts at that same deadline, so late timer callbacks (a busy page, a background tab) never
// add up: the countdown shown is always deadline - now. The beeps for the rest of the routine
// are scheduled on the Web Audio clock at the start and after every pause, skip or back, so
// they sound on time even when this code runs late.

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
      // Map to the audio clock through what is being heard now, so output latency counts.
      const ts = this.ctx.getOutputTimestamp ? this.ctx.getOutputTimestamp() : {};
      const heard = ts.performanceTime > 0 && ts.contextTime !== undefined;
      const start = heard
        ? Math.max(this.ctx.currentTime, ts.contextTime + (whenMs - ts.performanceTime) / 1000)
        : this.ctx.currentTime + Math.max(0, (whenMs - performance.now()) / 1000);
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
  const bar = el("progress", {
    class: "sk-timer-bar",
    max: 1,
    value: 0,
    "aria-label": "Progress through the routine",
  });
  const barText = el("div", { class: "sk-timer-bar-text" });
  const howTitle = el("h4", { class: "sk-timer-how-title" });
  const howSteps = el("ol", { class: "sk-timer-how-steps" });
  const howTips = el("p", { class: "sk-timer-how-tips" });
  // The stretch as a figure: the side being held, and a moving stretch's frame with the breath.
  const figure = el("div", { class: "sk-timer-figure", hidden: true });
  const how = el("div", { class: "sk-timer-how" }, figure, howTitle, howSteps, howTips);

  // Each button is named by its visible text; the title adds what it does and its key.
  const button = (cls, text, help, keys = null) =>
    el("button", {
      type: "button",
      class: `sk-timer-btn ${cls}`,
      text,
      title: help + (keys ? ` (key: ${keys})` : ""),
      "aria-keyshortcuts": keys,
    });
  const startBtn = button("sk-timer-start", "▶ Start", "Start, pause or resume the routine", "Space");
  const backBtn = button("sk-timer-back", "◀ Back", "Restart this step, or go to the one before", "ArrowLeft");
  const skipBtn = button("sk-timer-skip", "Skip ▶", "Skip to the next step", "ArrowRight");
  const stopBtn = button("sk-timer-stop", "■ Stop", "Stop the routine and report what was done");
  const painBtn = button("sk-timer-pain", "⚠ Sharp pain – stop", "Stop now: sharp or radiating pain");
  const muteBox = el("input", { type: "checkbox", class: "sk-timer-mute", "aria-keyshortcuts": "M" });
  const speakBox = el("input", { type: "checkbox", class: "sk-timer-speak" });
  // The key hints are for a keyboard: a touch screen hides them (timer.css, hover: none).
  const muteLabel = el(
    "label",
    { class: "sk-timer-toggle" },
    muteBox,
    document.createTextNode(" Mute"),
    el("span", { class: "sk-hint-keys", text: " (M)" }),
  );
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
    class: "sk-timer-keys sk-hint-keys",
    text: "Keys, with the timer selected: Space start / pause / resume · ← back · → skip · M mute. Tab reaches every button.",
  });

  // Asked before the first hold: when to see a professional first, and the warm-up.
  const askId = `sk-ask-${Math.random().toString(36).slice(2)}`;
  const askTitle = el("h4", { id: `${askId}-title`, text: "Before you start" });
  const askList = el("ul", { class: "sk-timer-contra" });
  const askWarm = el("p", { class: "sk-timer-warm-text" });
  // The whole safety note is here before each run: the stop rule and what to mind meanwhile.
  const askStop = el("p", { class: "sk-timer-ask-stop" });
  const askDuring = el("ul", { class: "sk-timer-during" });
  const noBtn = button("sk-timer-warm", "No: warm up with the timer first", "Play the routine with its warm-up");
  const yesBtn = button("sk-timer-warmed", "Yes, I am warm: skip the warm-up", "Play the routine without its warm-up");
  const cancelBtn = button("sk-timer-cancel", "Not now", "Close this without starting", "Escape");
  const ask = el(
    "div",
    {
      class: "sk-timer-ask",
      role: "dialog",
      tabindex: "-1",
      "aria-labelledby": `${askId}-title`,
      "aria-describedby": `${askId}-body`,
      hidden: true,
    },
    askTitle,
    // Short enough that the answer is on a phone's first screen: the stop rule, each condition
    // by name (its reason one tap away), the warm-up question and its answers; what to mind
    // while stretching follows the answers.
    el(
      "div",
      { id: `${askId}-body` },
      askStop,
      el("p", { text: "See a doctor or physiotherapist first if you have:" }),
      askList,
      askWarm,
      el("p", { class: "sk-timer-question", text: "Have you warmed up in the last few minutes?" }),
    ),
    el("div", { class: "sk-timer-controls" }, noBtn, yesBtn, cancelBtn),
    el("p", { text: "While you stretch:" }),
    askDuring,
  );
  const stopText = el("div");
  const readBtn = button("sk-timer-read", "I have read this advice", "Hide this advice");
  const stopAdvice = el("div", { class: "sk-timer-stop-advice", role: "alert", tabindex: "-1", hidden: true }, stopText, readBtn);
  const summary = el("div", { class: "sk-timer-summary", role: "status", hidden: true });

  const now = el("div", { class: "sk-timer-now" }, el("div", { class: "sk-timer-head" }, kind, name, side), count, cue, pacer);
  // The controls sit right under the count, in its column, so Pause and Sharp pain stay on
  // the screen with it; the stretch's how-to goes beside them, or below on a narrow screen.
  const left = el("div", { class: "sk-timer-left" }, now, controls, next, bar, barText);
  const root = el(
    "div",
    { class: "sk-timer", role: "region", "aria-label": "Guided stretching timer", tabindex: "0" },
    title,
    blocked,
    ask,
    stopAdvice,
    el("div", { class: "sk-timer-main" }, left, how),
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
  let painLock = false; // after sharp pain, until its advice has been read
  let howFor;
  let figureFor;

  const live = () => state === "running" || state === "paused";
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

  function hush() {
    beeper.cancel();
    if (globalThis.speechSynthesis) speechSynthesis.cancel();
  }

  function publish() {
    model.set("status", state);
    model.set("position", idx);
    model.save_changes();
  }

  // Every beep from here to the end, on the audio clock: they keep time even when a busy
  // page or a background tab delays this code. Redone only when the person changes course.
  function scheduleBeeps() {
    beeper.cancel();
    if (state !== "running") return;
    const t = performance.now();
    let end = endAt();
    for (let i = idx; i < plan.length; i++) {
      if (i > idx) end += stepMs(i);
      if (stepMs(i) === 0) continue;
      for (const k of [3, 2, 1]) {
        const when = end - k * 1000;
        if (stepMs(i) >= (k + 1) * 1000 && when > t) beeper.at(when, 660, 0.12);
      }
      const following = plan[i + 1];
      if (!following) beeper.at(end, 1320, 0.7);
      else if (following.kind === "switch_sides") {
        beeper.at(end, 990, 0.15);
        beeper.at(end + 220, 990, 0.15);
      } else beeper.at(end, 880, 0.35);
    }
  }

  function arm() {
    clearTimeout(alarm);
    if (state !== "running") return;
    alarm = setTimeout(onAlarm, Math.max(0, endAt() - performance.now()));
  }

  function entered() {
    arm();
    draw(); // the page first, then the kernel and the voice
    publish();
    if (stepMs(idx) > 0) speak(plan[idx].cue);
  }

  // A step's time is its longest single visit: going back to redo a hold does not double it.
  function credit(i, ms) {
    records[i].done_ms = Math.max(records[i].done_ms, ms);
  }

  function onAlarm() {
    if (state !== "running") return;
    const t = performance.now();
    let moved = false;
    // Catch up on every step whose deadline has passed, each starting at the last one's end.
    while (t >= endAt() - 0.5) {
      const end = endAt();
      late.push({ step: idx + 1, late_ms: t - end });
      credit(idx, stepMs(idx)); // this visit ran to its end, pauses aside
      if (idx === plan.length - 1) {
        finish("done", end, { natural: true });
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
    if (model.get("blocked") || painLock) return;
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
    entered();
    scheduleBeeps();
    beeper.at(startedPerf, 880, 0.2);
    root.focus({ preventScroll: true });
  }

  function askFirst() {
    if (model.get("blocked") || painLock) return;
    beeper.unlock();
    state = "asking";
    ask.hidden = false;
    publish();
    draw();
    ask.focus({ preventScroll: true }); // read first; Space alone never answers for you
  }

  function closeAsk() {
    if (state !== "asking") return;
    ask.hidden = true;
    state = "ready";
    publish();
    draw();
    startBtn.focus({ preventScroll: true });
  }

  function pause() {
    if (state !== "running") return;
    spent += performance.now() - runStart;
    state = "paused";
    clearTimeout(alarm);
    hush();
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
    credit(idx, ms);
    if (skipped && ms < stepMs(idx)) records[idx].skipped = true;
    return ms;
  }

  function goTo(i, t) {
    idx = i;
    records[idx].reached = true;
    records[idx].skipped = false;
    spent = 0;
    runStart = t;
    hush();
    scheduleBeeps();
    entered();
  }

  function skip() {
    if (!live()) return;
    const t = performance.now();
    leaveStep(t, true);
    if (idx === plan.length - 1) finish("done", t);
    else goTo(idx + 1, t);
  }

  function back() {
    if (!live()) return;
    const t = performance.now();
    const ms = leaveStep(t, false);
    let target = ms > BACK_RESTARTS_AFTER_MS || idx === 0 ? idx : idx - 1;
    while (target > 0 && stepMs(target) === 0) target -= 1; // a cue without a pause
    goTo(target, t);
  }

  function stop() {
    if (!live()) return;
    const t = performance.now();
    leaveStep(t, true);
    finish("stopped", t);
  }

  function sharpPain() {
    if (!live()) return;
    const t = performance.now();
    leaveStep(t, false);
    finish("sharp_pain", t, { painStep: idx + 1 });
  }

  function finish(status, t, { natural = false, painStep = null } = {}) {
    clearTimeout(alarm);
    if (!natural) hush(); // a natural end keeps its final beep
    const hadFocus = root.contains(document.activeElement);
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
    const report = {
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
    };
    const held = steps.filter((s) => KINDS_STRETCHING.has(s.kind));
    const heldS = held.reduce((a, s) => a + s.done_s, 0);
    const full = held.filter((s) => s.done_s >= s.seconds).length;
    const words = { done: "Routine complete", stopped: "Stopped", sharp_pain: "Stopped for sharp pain" };
    summary.textContent = `${words[status]}: ${full} of ${held.length} holds done in full, ${duration(heldS)} of stretching.`;
    summary.hidden = false;
    if (status === "sharp_pain") {
      painLock = true;
      const advice = model.get("advice") || {};
      stopText.replaceChildren(
        el("h4", { text: "⚠ Stopped: sharp pain" }),
        el("p", { text: (advice.stop && advice.stop.text) || "Stop stretching now." }),
        el("p", {}, el("strong", { text: "Before stretching again: " }), document.createTextNode(advice.consult || "see a doctor or physiotherapist.")),
        el("p", { text: "The session has stopped, and the pain is recorded with it." }),
      );
      stopAdvice.hidden = false;
      speak("Stop. Sharp pain means stop.");
    }
    draw(); // the page first, then the report to the kernel
    model.set("report", report);
    publish();
    if (hadFocus) (status === "sharp_pain" ? stopAdvice : startBtn).focus({ preventScroll: true });
  }

  // --- drawing ------------------------------------------------------------------------
  function showHow(step) {
    const key = `${step.kind === "warm_up" ? "warm_up" : step.stretch_id}`;
    if (key === howFor) return; // redrawn only when it changes, for screen readers
    howFor = key;
    const info = (model.get("stretches") || {})[step.stretch_id];
    const advice = model.get("advice") || {};
    if (!info) {
      const warm = step.kind === "warm_up" && advice.warm_up;
      howTitle.textContent = warm ? "Warm-up" : "";
      howSteps.replaceChildren();
      howTips.textContent = warm ? advice.warm_up.text : "";
      how.hidden = !warm;
      return;
    }
    how.hidden = false;
    howTitle.textContent = `How to do ${info.name}`;
    howSteps.replaceChildren(...info.steps.map((s) => el("li", { text: s })));
    howTips.textContent = info.tips ? `Tip: ${info.tips}` : "";
  }

  // The kit's own SVG (built by Python through its one escaping path), swapped only when the
  // step, the side or the breath's frame changes.
  function drawFigure(step, t) {
    const info = (model.get("stretches") || {})[step.stretch_id];
    const figs = (info && info.figures) || {};
    let side = step.side;
    if (!figs[side]) {
      const next = plan[idx + 1];
      side = next && next.stretch_id === step.stretch_id && figs[next.side] ? next.side : Object.keys(figs)[0];
    }
    const frames = figs[side] || {};
    let frame = Object.keys(frames)[0];
    if (step.kind === "breath_reps" && live()) {
      const pace = step.breath_s || model.get("pace_s");
      const inhale = pace ? ((elapsedMs(t) / 1000 / pace) % 1) < 0.5 : true;
      const want = inhale ? step.inhale : step.exhale;
      if (frames[want]) frame = want;
    }
    const key = frame ? `${step.stretch_id}|${side}|${frame}` : "";
    if (key === figureFor) return;
    figureFor = key;
    figure.dataset.side = side || "";
    figure.dataset.frame = frame || "";
    // Parsed as SVG (XML): never run as a page, and a drawing that does not parse shows nothing.
    const doc = key ? new DOMParser().parseFromString(frames[frame], "image/svg+xml") : null;
    const svg = doc && doc.documentElement;
    const ok = svg && svg.nodeName === "svg" && !doc.querySelector("parsererror");
    figure.hidden = !ok;
    if (ok) figure.replaceChildren(document.importNode(svg, true));
    else figure.replaceChildren();
  }

  function drawPacer(step, t) {
    const pace = step.kind === "breath_reps" ? step.breath_s : model.get("pace_s");
    if (!live() || !KINDS_STRETCHING.has(step.kind) || !pace) {
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
    if (breath.textContent !== word) breath.textContent = word;
    const size = inhale ? 0.55 + 0.45 * (phase / 0.5) : 1 - 0.45 * ((phase - 0.5) / 0.5);
    dot.style.transform = `scale(${size.toFixed(3)})`;
    pacer.dataset.phase = inhale ? "inhale" : "exhale";
  }

  const LABELS = {
    get_ready: "Get ready",
    warm_up: "Warm-up",
    hold: "Hold",
    switch_sides: "Switch sides",
    breath_reps: "Move with your breath",
    transition: "Change position",
    rest: "Rest",
  };

  function draw() {
    const t = performance.now();
    title.textContent = model.get("title") || "Guided session";
    const why = model.get("blocked");
    blocked.textContent = why;
    blocked.hidden = !why;
    root.dataset.state = state;
    if (!plan.length) plan = model.get("steps") || [];
    const step = plan[Math.min(idx, plan.length - 1)];
    if (!step) return;
    const before = state === "ready" || state === "asking";
    root.dataset.kind = step.kind;
    root.dataset.step = String(idx + 1);
    kind.textContent = live() ? LABELS[step.kind] : before ? "Ready" : "Finished";
    name.textContent = live() ? step.name || "" : "";
    side.textContent = live() ? sideText(step.side) : "";
    // An empty line takes no room and is not on the page, rather than a box of 0 px.
    name.hidden = !name.textContent;
    side.hidden = !side.textContent;
    const left = live() ? (stepMs(idx) - elapsedMs(t)) / 1000 : before ? totalMs() / 1000 : 0;
    const shown = clock(left);
    if (count.textContent !== shown) count.textContent = shown;
    count.dataset.seconds = String(Math.max(0, Math.ceil(left - 1e-6)));
    const words = live()
      ? step.cue
      : before
        ? `${plan.length} steps, ${duration(totalMs() / 1000)} in all. Press Start when you are in place.`
        : "";
    if (cue.textContent !== words) cue.textContent = words;
    showHow(live() ? step : plan.find((s) => s.stretch_id) || step);
    drawPacer(step, t);
    drawFigure(live() ? step : plan.find((s) => s.stretch_id) || step, t);
    const following = plan[idx + 1];
    next.textContent = live() ? (following ? `Next: ${following.cue}` : "Next: the end of the routine") : "";
    let doneMs = 0;
    if (live()) {
      for (let i = 0; i < idx; i++) doneMs += stepMs(i);
      doneMs += Math.min(stepMs(idx), elapsedMs(t));
    } else if (!before) doneMs = totalMs();
    bar.max = Math.max(1, totalMs());
    bar.value = doneMs;
    const at = live() ? idx + 1 : before ? 0 : plan.length;
    barText.textContent = `Step ${at} of ${plan.length} · ${clock(doneMs / 1000)} of ${clock(totalMs() / 1000)}${state === "paused" ? " · paused" : ""}`;
    startBtn.textContent = state === "running" ? "❚❚ Pause" : state === "paused" ? "▶ Resume" : before ? "▶ Start" : "▶ Start again";
    startBtn.disabled = Boolean(why) || painLock || state === "asking";
    for (const b of [backBtn, skipBtn, stopBtn, painBtn]) b.disabled = !live();
    readBtn.hidden = Boolean(why); // while the notebook holds the advice, it is read there
    muteBox.checked = Boolean(model.get("muted"));
    speakBox.checked = Boolean(model.get("speak"));
    speakBox.disabled = !globalThis.speechSynthesis;
  }

  function fillAsk() {
    const advice = model.get("advice") || {};
    askList.replaceChildren(
      ...(advice.contraindications || []).map((c) =>
        el("li", {}, el("details", {}, el("summary", {}, el("strong", { text: c.title })), el("p", { text: c.text }))),
      ),
    );
    askWarm.textContent = advice.warm_up ? advice.warm_up.text : "";
    askStop.replaceChildren(
      el("strong", { text: `Stop at once: ${advice.stop ? advice.stop.title : "sharp or radiating pain"}. ` }),
      document.createTextNode(advice.stop ? advice.stop.text : ""),
    );
    askDuring.replaceChildren(
      ...(advice.during || []).map((c) =>
        el("li", {}, el("strong", { text: `${c.title}: ` }), document.createTextNode(c.text)),
      ),
    );
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
  cancelBtn.addEventListener("click", closeAsk);
  readBtn.addEventListener("click", () => {
    painLock = false;
    stopAdvice.hidden = true;
    draw();
    startBtn.focus({ preventScroll: true });
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
    if (e.ctrlKey || e.metaKey || e.altKey || e.key === "Tab") return; // the notebook's own
    // Keys typed in the timer stay in it: JupyterLab would otherwise cut or retype cells.
    e.stopPropagation();
    const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLInputElement;
    if (e.key === "Escape") {
      closeAsk();
      return;
    }
    if (e.key === " " || e.key === "Spacebar") {
      if (onControl || state === "asking") return; // a control's own click; the dialog waits
      e.preventDefault();
      if (!e.repeat) toggle();
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      if (!e.repeat) skip();
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      if (!e.repeat) back();
    } else if ((e.key === "m" || e.key === "M") && !e.repeat) {
      model.set("muted", !model.get("muted"));
      model.save_changes();
    }
  });
  document.addEventListener("visibilitychange", onAlarm);

  const onMuted = () => {
    beeper.setMuted(Boolean(model.get("muted")));
    if (model.get("muted") && globalThis.speechSynthesis) speechSynthesis.cancel();
    draw();
  };
  const onBlocked = () => {
    if (model.get("blocked")) {
      closeAsk();
      painLock = false; // the notebook holds the advice now, until it is read there
    } else if (!painLock) stopAdvice.hidden = true;
    draw();
  };
  const onSteps = () => {
    if (live()) return; // a running routine plays on
    plan = model.get("steps") || [];
    idx = 0;
    howFor = undefined;
    figureFor = undefined;
    if (state !== "asking") state = "ready";
    summary.hidden = true;
    draw();
  };
  const onStretches = () => {
    howFor = undefined;
    figureFor = undefined;
    draw();
  };
  // A timer closed mid-routine (cell re-run, page left) still reports what was done.
  const onLeave = () => {
    if (live()) stop();
  };
  const listeners = {
    "change:muted": onMuted,
    "change:speak": draw,
    "change:blocked": onBlocked,
    "change:title": draw,
    "change:steps": onSteps,
    "change:stretches": onStretches,
    "change:advice": fillAsk,
  };
  for (const [event, fn] of Object.entries(listeners)) model.on(event, fn);
  globalThis.addEventListener("pagehide", onLeave);

  beeper.setMuted(Boolean(model.get("muted")));
  fillAsk();
  draw();
  const ticker = setInterval(() => {
    if (state === "running") draw();
  }, TICK_MS);

  return () => {
    try {
      onLeave();
    } catch (e) {
      /* the model may already be gone */
    }
    clearInterval(ticker);
    clearTimeout(alarm);
    document.removeEventListener("visibilitychange", onAlarm);
    globalThis.removeEventListener("pagehide", onLeave);
    for (const [event, fn] of Object.entries(listeners)) model.off(event, fn);
    beeper.close();
  };
}

export default { render };
