/**
 * terraform-provider-mcpgateway entry point. Terraform starts it with the plugin magic cookie; run by
 * hand it explains itself and exits.
 */
import { resourceModel } from './generated/resource-model.js';
import { hasMagicCookie, offersProtocol6 } from './protocol/handshake.js';
import { servePlugin } from './server/plugin-server.js';
import { TerraformProvider } from './server/provider.js';
import { PROVIDER_VERSION } from './version.js';

const log = (message: string) => {
  if (process.env['TF_LOG'] || process.env['MCPGATEWAY_PROVIDER_DEBUG']) {
    process.stderr.write(`[mcpgateway provider] ${message}\n`);
  }
};

async function main(): Promise<void> {
  // stdout carries the handshake line only.
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.info = console.log;

  if (process.argv.includes('--version')) {
    process.stderr.write(`terraform-provider-mcpgateway ${PROVIDER_VERSION}\n`);
    return;
  }
  if (!hasMagicCookie(process.env)) {
    process.stderr.write(
      'This binary is a plugin. These are not meant to be executed directly.\n' +
        'terraform-provider-mcpgateway is a Terraform provider: declare it in required_providers ' +
        '(source "mcp-gateway/mcpgateway") and run terraform.\n',
    );
    process.exitCode = 1;
    return;
  }
  if (!offersProtocol6(process.env)) {
    process.stderr.write(
      `terraform-provider-mcpgateway speaks plugin protocol 6; the host offered ${process.env['PLUGIN_PROTOCOL_VERSIONS']}. Use Terraform 1.0 or later (1.11 or later for write-only values such as an api key's secret).\n`,
    );
    process.exitCode = 1;
    return;
  }

  const provider = new TerraformProvider({ model: resourceModel, version: PROVIDER_VERSION, log });
  let running: Awaited<ReturnType<typeof servePlugin>> | undefined;
  const exit = () => {
    const stop = running ? running.stop() : Promise.resolve();
    void stop.finally(() => process.exit(0));
  };
  // Terraform handles interrupts itself and then asks the plugin to shut down.
  process.on('SIGINT', () => log('interrupt received; waiting for Shutdown'));
  process.on('SIGTERM', exit);
  running = await servePlugin({
    provider,
    env: process.env,
    writeHandshake: (line) => process.stdout.write(line),
    log,
    onShutdown: exit,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `terraform-provider-mcpgateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
