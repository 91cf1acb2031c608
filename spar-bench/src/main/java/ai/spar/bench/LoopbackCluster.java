package ai.spar.bench;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and {@code workers} Workers, each a
 * separate JVM started from a {@link LocalSparkHome}; Workers launch executors as further JVMs.
 * Applications are submitted through Spark's own submit entry point ({@code
 * org.apache.spark.deploy.SparkSubmit}) in yet another JVM. For integration tests and benchmarks of
 * the job on a cluster without installing Spark.
 *
 * <p>Every process is started by this object and ended by {@link #close()} (forcibly, waiting for
 * each, executors first), which also runs at JVM exit if the caller forgets. Not thread-safe.
 */
public final class LoopbackCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackCluster.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final String EXECUTOR_MAIN = "CoarseGrainedExecutorBackend";
  private static final Pattern EXECUTOR_ID = Pattern.compile("--executor-id (\\S+)");
  private static final Pattern APP_ID = Pattern.compile("--app-id (\\S+)");

  /**
   * How to start the cluster.
   *
   * @param directory where the SPARK_HOME, the workers' work directories and the logs go
   * @param classPath class path holding Spark's jars (see {@link LocalSparkHome#create})
   * @param workers number of Workers (each offers {@code coresPerWorker} cores)
   * @param coresPerWorker cores each Worker offers
   * @param workerMemory memory each Worker offers, e.g. {@code 1g}
   * @param jvmOptions options every JVM gets (Spark's module openings on Java 17)
   * @param environment extra environment of every process (executors inherit the Workers')
   */
  public record Settings(
      Path directory,
      List<Path> classPath,
      int workers,
      int coresPerWorker,
      String workerMemory,
      List<String> jvmOptions,
      Map<String, String> environment) {
    public Settings {
      Preconditions.checkArgument(directory != null, "directory must not be null");
      Preconditions.checkArgument(workers >= 1, "workers must be >= 1, but was: %s", workers);
      Preconditions.checkArgument(
          coresPerWorker >= 1, "coresPerWorker must be >= 1, but was: %s", coresPerWorker);
      classPath = List.copyOf(classPath);
      jvmOptions = List.copyOf(jvmOptions);
      environment = Map.copyOf(environment);
    }
  }

  private final Settings settings;
  private final LocalSparkHome home;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final List<Process> submits = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::close, "loopback-cluster-stop");
  private int masterPort;

  private LoopbackCluster(Settings settings, LocalSparkHome home) {
    this.settings = settings;
    this.home = home;
  }

  /**
   * Starts the Master and the Workers and waits until every Worker has registered.
   *
   * @param timeout how long to wait for the registrations
   * @throws IllegalStateException if the cluster does not come up in time (its processes are
   *     stopped, the logs named)
   */
  public static LoopbackCluster start(Settings settings, Duration timeout) {
    Path dir = settings.directory().toAbsolutePath();
    LoopbackCluster cluster =
        new LoopbackCluster(
            settings, LocalSparkHome.create(dir.resolve("spark-home"), settings.classPath()));
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startDaemons(dir, timeout);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startDaemons(Path dir, Duration timeout) {
    masterPort = freePort();
    Path masterLog = dir.resolve("logs").resolve("master.log");
    daemons.add(
        launch(
            List.of(
                "org.apache.spark.deploy.master.Master",
                "--host",
                LOOPBACK,
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(freePort())),
            List.of("-Xmx256m", "-Dspark.master.rest.enabled=false"),
            masterLog,
            dir));
    for (int i = 0; i < settings.workers(); i++) {
      Path work = dir.resolve("worker-" + i);
      Process worker =
          launch(
              List.of(
                  "org.apache.spark.deploy.worker.Worker",
                  "--host",
                  LOOPBACK,
                  "--cores",
                  Integer.toString(settings.coresPerWorker()),
                  "--memory",
                  settings.workerMemory(),
                  "--work-dir",
                  work.toString(),
                  "--webui-port",
                  Integer.toString(freePort()),
                  masterUrl()),
              List.of("-Xmx256m"),
              dir.resolve("logs").resolve("worker-" + i + ".log"),
              dir);
      daemons.add(worker);
      workers.add(worker);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (registeredWorkers(masterLog) < settings.workers()) {
      for (Process p : daemons) {
        Preconditions.checkState(
            p.isAlive(), "a cluster daemon exited early (%s); see the logs in %s", p, dir);
      }
      Preconditions.checkState(
          System.nanoTime() < deadline,
          "%s of %s workers registered with the master within %s; see %s",
          registeredWorkers(masterLog),
          settings.workers(),
          timeout,
          masterLog);
      sleep(200);
    }
    LOG.info("loopback cluster up at {} with {} workers", masterUrl(), settings.workers());
  }

  /** The master's URL, {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://" + LOOPBACK + ":" + masterPort;
  }

  /** The SPARK_HOME the daemons run from. */
  public LocalSparkHome sparkHome() {
    return home;
  }

  /**
   * Starts {@code spark-submit} in client mode against this cluster.
   *
   * @param submitArguments everything after {@code --master ... --deploy-mode client}: {@code
   *     --conf}s, {@code --class}, {@code --jars}, the application jar and its arguments
   * @param driverJvmOptions extra options of the driver JVM (e.g. {@code -Xmx1g})
   * @param workingDirectory the driver's working directory
   * @param log where the driver's output goes
   * @return the running submit process; {@link #close()} ends it if still alive
   */
  public Process submit(
      List<String> submitArguments,
      List<String> driverJvmOptions,
      Path workingDirectory,
      Path log) {
    List<String> arguments = new ArrayList<>();
    arguments.add("org.apache.spark.deploy.SparkSubmit");
    arguments.addAll(List.of("--master", masterUrl(), "--deploy-mode", "client"));
    arguments.addAll(submitArguments);
    Process process = launch(arguments, driverJvmOptions, log, workingDirectory);
    submits.add(process);
    return process;
  }

  /** The executor JVMs the Workers are running now. */
  public List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Process worker : workers) {
      worker
          .descendants()
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().orElse("").contains(EXECUTOR_MAIN))
          .forEach(executors::add);
    }
    return executors;
  }

  /**
   * The log ({@code stderr}) of an executor, found from its command line in the Workers' work
   * directories.
   */
  public Optional<Path> executorLog(ProcessHandle executor) {
    String commandLine = executor.info().commandLine().orElse("");
    Matcher id = EXECUTOR_ID.matcher(commandLine);
    Matcher app = APP_ID.matcher(commandLine);
    if (!id.find() || !app.find()) {
      return Optional.empty();
    }
    for (int i = 0; i < settings.workers(); i++) {
      Path log =
          settings
              .directory()
              .toAbsolutePath()
              .resolve("worker-" + i)
              .resolve(app.group(1))
              .resolve(id.group(1))
              .resolve("stderr");
      if (Files.isRegularFile(log)) {
        return Optional.of(log);
      }
    }
    return Optional.empty();
  }

  /** Stops every process this cluster started: submits and executors first, then the daemons. */
  @Override
  public synchronized void close() {
    List<ProcessHandle> order = new ArrayList<>();
    submits.forEach(p -> order.add(p.toHandle()));
    for (Process worker : workers) {
      worker.descendants().forEach(order::add);
    }
    for (int i = daemons.size() - 1; i >= 0; i--) {
      order.add(daemons.get(i).toHandle());
    }
    for (ProcessHandle p : order) {
      p.destroyForcibly();
    }
    for (ProcessHandle p : order) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("process {} did not exit after a forced stop", p.pid(), e);
      }
    }
    submits.clear();
    workers.clear();
    daemons.clear();
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook runs anyway
      }
    }
  }

  private Process launch(List<String> mainAndArgs, List<String> extraJvm, Path log, Path dir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    command.addAll(extraJvm);
    command.add("-cp");
    command.add(home.classPath());
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", home.root().toString());
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("SPARK_LOCAL_HOSTNAME", "localhost");
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_CONF_DIR", home.root().resolve("conf").toString());
    env.putAll(settings.environment());
    try {
      Files.createDirectories(log.getParent());
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainAndArgs.get(0), e);
    }
  }

  private static int registeredWorkers(Path masterLog) {
    try {
      if (!Files.exists(masterLog)) {
        return 0;
      }
      return (int)
          Files.readAllLines(masterLog, StandardCharsets.UTF_8).stream()
              .filter(line -> line.contains("Registering worker"))
              .count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + masterLog, e);
    }
  }

  /** A TCP port free on the loopback interface now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + LOOPBACK, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cluster", e);
    }
  }
}
