package ai.spar.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Parses {@code 1,2,3} into token ids. */
final class IdList implements CommandLine.ITypeConverter<List<Integer>> {
  @Override
  public List<Integer> convert(String value) {
    try {
      return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "--ids must be comma-separated integers, but was: " + value);
    }
  }
}
