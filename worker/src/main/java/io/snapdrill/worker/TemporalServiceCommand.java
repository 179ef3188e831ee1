package io.snapdrill.worker;

import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.LoopbackTemporalService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "temporal-service", mixinStandardHelpOptions = true,
    description = {
        "Run the embedded Temporal service on 127.0.0.1 in its own process, for workers and commands in"
            + " other processes (--temporal-address 127.0.0.1:PORT). State lives in memory: it is gone when"
            + " this process ends. For trying things out and tests, not for production."})
public class TemporalServiceCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7233",
      description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port: " + port + " is not a TCP port");
    }
    LoopbackTemporalService service = LoopbackTemporalService.start(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "temporal-service-stop"));
    System.out.println("Temporal service listening on " + service.address() + " (Ctrl-C stops it)");
    System.out.flush();
    stopped.await();
    return ExitCode.PASSED;
  }
}
