package dev.distcounter.bench;

/**
 * Exit code 0 when every named class is in this jar, 1 otherwise; {@code bench/run-bench.sh} uses
 * it to find out whether a benchmarks jar is recent enough to have all the suite's programs.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.ClassCheck dev.distcounter.bench.ClusterGrowth
 * </pre>
 */
public final class ClassCheck {
    private ClassCheck() {}

    public static void main(String[] args) {
        for (String name : args) {
            try {
                Class.forName(name, false, ClassCheck.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
