// Preloaded into the benchmarked server (node --import): answers the bench's "memory" message on
// the IPC channel with process.memoryUsage(), so the report can tell the V8 heap and buffers from
// native memory. Nothing is exposed over HTTP; without an IPC channel it does nothing.
if (process.send) {
  process.on('message', (m) => {
    if (m === 'memory') process.send!({ memory: process.memoryUsage() });
  });
  // The channel must not keep a stopping server alive.
  process.channel?.unref();
}
