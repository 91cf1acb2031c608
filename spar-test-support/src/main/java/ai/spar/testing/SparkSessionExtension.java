package ai.spar.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Shares one {@code local[2]} SparkSession among all tests of a JVM (Spark allows one active
 * context per JVM, and starting one costs seconds). Bound to 127.0.0.1, UI off, four shuffle
 * partitions. The session stops when the JVM exits.
 *
 * <p>Use {@code @ExtendWith(SparkSessionExtension.class)} and either take a {@link SparkSession}
 * parameter or declare a (static or instance) field of type {@link SparkSession}; it is injected.
 */
public final class SparkSessionExtension
    implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

  private static SparkSession session;

  /**
   * The shared session, created on first use, and again when a test stopped it (a test that builds
   * its own session with {@code getOrCreate()} gets this one, and may stop it when it ends).
   */
  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      session =
          SparkSession.builder()
              .appName("spar-tests")
              .master("local[2]")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.ansi.enabled", "true")
              .getOrCreate();
      SparkSession created = session;
      Runtime.getRuntime().addShutdownHook(new Thread(created::stop, "spark-test-session-stop"));
    }
    return session;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IllegalAccessException {
    injectFields(context.getRequiredTestClass(), null, true);
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context)
      throws IllegalAccessException {
    injectFields(testInstance.getClass(), testInstance, false);
  }

  private static void injectFields(Class<?> type, Object instance, boolean statics)
      throws IllegalAccessException {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.getType() == SparkSession.class
            && Modifier.isStatic(field.getModifiers()) == statics) {
          field.setAccessible(true);
          field.set(instance, session());
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return session();
  }
}
