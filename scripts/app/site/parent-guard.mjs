// Loaded into the Astro process a build starts (`node --import …/parent-guard.mjs astro.js build`).
// When the drempel process that started it dies (a SIGKILL, a closed laptop lid that ends the
// terminal), Astro must not carry on alone: it would keep writing into a working folder that
// holds the gate's data after the next build has tidied it away. The kernel closes our stdin
// pipe the moment the parent dies, and the parent id changes when we are re-parented; either
// ends this process at once.
const parent = process.ppid;
const end = () => process.kill(process.pid, 'SIGKILL');
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
setInterval(() => {
  if (process.ppid !== parent) end();
}, 50).unref();
