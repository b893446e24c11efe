// Preloaded (`node --import`) into upstream servers started by the tests: binds every listening socket
// to 127.0.0.1 (the servers would otherwise listen on all interfaces) and reports the bound port on stderr,
// so PORT=0 can pick a free port without a race.
import net from 'node:net';

const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listen(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const callback = args.find((arg) => typeof arg === 'function');
    this.once('listening', () => {
      const address = this.address();
      if (address !== null && typeof address === 'object') {
        process.stderr.write(`test-support: listening on 127.0.0.1:${address.port}\n`);
      }
    });
    return originalListen.call(this, Number(first), '127.0.0.1', callback);
  }
  return originalListen.apply(this, args);
};
