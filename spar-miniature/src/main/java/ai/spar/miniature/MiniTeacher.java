package ai.spar.miniature;

import static ai.spar.miniature.MiniConstraints.BULLETS;
import static ai.spar.miniature.MiniConstraints.CAPITAL;
import static ai.spar.miniature.MiniConstraints.END;
import static ai.spar.miniature.MiniConstraints.FORBIDDEN;
import static ai.spar.miniature.MiniConstraints.KEYWORDS;
import static ai.spar.miniature.MiniConstraints.LOWERCASE;
import static ai.spar.miniature.MiniConstraints.NO_COMMA;
import static ai.spar.miniature.MiniConstraints.POSTSCRIPT;
import static ai.spar.miniature.MiniConstraints.QUOTATION;
import static ai.spar.miniature.MiniConstraints.SENTENCES;
import static ai.spar.miniature.MiniConstraints.TITLE;
import static ai.spar.miniature.MiniConstraints.WORDS;
import static ai.spar.miniature.Phrases.article;
import static ai.spar.miniature.Phrases.fmt;
import static ai.spar.miniature.Phrases.pick;
import static ai.spar.miniature.Phrases.pickOther;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.miniature.ResponseDraft.TextCase;
import ai.spar.miniature.synth.Constraint;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The miniature's programmatic teacher for answers: for a task it writes a short compliant response
 * from the word bank and an imperfect twin that differs by a minimal edit (case not applied, a
 * keyword swapped, a forbidden word used, a wrong closing phrase, quotes or title or postscript
 * left out, one bullet too many or too few, one sentence too many or too few, a comma) and fails
 * exactly one constraint. Both are confirmed with the strict IFEval checkers.
 *
 * <p>Deterministic: the choices depend only on the task id. Stateless and thread-safe.
 */
public final class MiniTeacher {
  private static final int POOL_SIZE = 6;

  private final WordBank bank;

  /** A teacher drawing on {@code bank}. */
  public MiniTeacher(WordBank bank) {
    Preconditions.checkArgument(bank != null, "bank must not be null");
    this.bank = bank;
  }

  /**
   * The compliant and imperfect responses, or empty when the layout cannot meet every constraint or
   * no single constraint can be violated alone (synthesis then draws another task).
   */
  public Optional<TeacherResponses> respond(MiniTask task) {
    List<TeacherResponses> found = responses(task, 0, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * The compliant response with an imperfect twin for every constraint that can be violated alone,
   * the first being the one {@link #respond} returns; empty when {@link #respond} is.
   */
  public List<TeacherResponses> respondAll(MiniTask task) {
    return responses(task, 0, Integer.MAX_VALUE);
  }

  /**
   * Like {@link #respondAll}, but written from content variant {@code variant}: variant 0 is the
   * content {@link #respond} uses; every other variant draws other sentences, friends, degree words
   * and layout choices for the same task, so that an example built from it cannot be predicted from
   * the task alone (a refinement must copy the response it edits). Empty when no compliant layout
   * exists for that variant.
   */
  public List<TeacherResponses> respondAll(MiniTask task, int variant) {
    Preconditions.checkArgument(variant >= 0, "variant must be >= 0, but was: %s", variant);
    return responses(task, variant, Integer.MAX_VALUE);
  }

  private List<TeacherResponses> responses(MiniTask task, int variant, int limit) {
    Preconditions.checkArgument(task != null, "task must not be null");
    Random rnd =
        new Random(variant == 0 ? seedOf(task.id()) : seedOf(task.id() + "#variant-" + variant));
    Content content = Content.plan(task, bank, rnd);
    Optional<Layout> compliant = compliantLayout(task, content, rnd);
    if (compliant.isEmpty()) {
      return List.of();
    }
    String good = compliant.get().render(content);
    List<Constraint> order = new ArrayList<>(task.constraints());
    Collections.shuffle(order, rnd);
    List<TeacherResponses> found = new ArrayList<>();
    for (Constraint target : order) {
      if (found.size() == limit) {
        break;
      }
      violate(task, content, compliant.get(), target, rnd)
          .ifPresent(
              broken -> found.add(new TeacherResponses(good, broken.render(content), target.id())));
    }
    return List.copyOf(found);
  }

  static long seedOf(String id) {
    return Hashing.murmur3_128().hashString(id, StandardCharsets.UTF_8).asLong();
  }

  private Optional<Layout> compliantLayout(MiniTask task, Content content, Random rnd) {
    int preferred = 1 + rnd.nextInt(2);
    Layout base =
        new Layout(
            preferred,
            !task.has(NO_COMMA) && rnd.nextBoolean(),
            degreeFor(task, rnd),
            task.has(KEYWORDS) ? keywords(task) : List.of(),
            task.has(BULLETS) ? ((Number) kwarg(task, BULLETS, "num_bullets")).intValue() : 0,
            task.has(LOWERCASE)
                ? TextCase.LOWER
                : task.has(CAPITAL) ? TextCase.UPPER : TextCase.AS_WRITTEN,
            task.has(QUOTATION),
            task.has(TITLE),
            task.has(POSTSCRIPT),
            task.has(END)
                ? Optional.of(kwarg(task, END, "end_phrase").toString())
                : Optional.empty());
    List<Integer> order = new ArrayList<>();
    for (int k = preferred; k <= POOL_SIZE; k++) {
      order.add(k);
    }
    for (int k = preferred - 1; k >= 0; k--) {
      order.add(k);
    }
    for (int k : order) {
      Layout layout = base.withSentences(k);
      if (task.has(FORBIDDEN) && k == 0) {
        continue; // the degree sentence, where the forbidden word would go, must be present
      }
      if (failures(task, layout.render(content)).isEmpty()) {
        return Optional.of(layout);
      }
    }
    return Optional.empty();
  }

  private Optional<String> degreeFor(MiniTask task, Random rnd) {
    List<String> forbidden =
        task.has(FORBIDDEN) ? strings(kwarg(task, FORBIDDEN, "forbidden_words")) : List.of();
    return rnd.nextBoolean()
        ? Optional.of(pickOther(rnd, bank.degree(), forbidden))
        : Optional.empty();
  }

  /** The imperfect twin for one target constraint, if the edit fails exactly that one. */
  private Optional<Layout> violate(
      MiniTask task, Content content, Layout good, Constraint target, Random rnd) {
    List<Layout> candidates = new ArrayList<>();
    switch (target.id()) {
      case LOWERCASE, CAPITAL -> candidates.add(good.withTextCase(TextCase.AS_WRITTEN));
      case KEYWORDS -> {
        List<String> swapped = new ArrayList<>(good.keywords());
        List<String> avoid = new ArrayList<>(good.keywords());
        swapped.set(swapped.size() - 1, pickOther(rnd, bank.keywords(), avoid));
        candidates.add(good.withKeywords(swapped));
      }
      case FORBIDDEN ->
          candidates.add(
              good.withDegree(
                  Optional.of(strings(kwarg(task, FORBIDDEN, "forbidden_words")).get(0))));
      case END -> {
        String phrase = good.endPhrase().orElseThrow();
        String other =
            Phrases.capitalize(
                pickOther(
                    rnd, bank.endPhrases(), List.of(phrase.toLowerCase(java.util.Locale.ROOT))));
        candidates.add(good.withEndPhrase(Optional.of(other)));
      }
      case QUOTATION -> candidates.add(good.withQuoted(false));
      case TITLE -> candidates.add(good.withTitle(false));
      case POSTSCRIPT -> candidates.add(good.withPostscript(false));
      case NO_COMMA -> candidates.add(good.withCommaForm(true));
      case BULLETS -> {
        boolean more = good.bullets() <= 1 || rnd.nextBoolean();
        candidates.add(good.withBullets(good.bullets() + (more ? 1 : -1)));
        candidates.add(good.withBullets(good.bullets() + (more ? -1 : 1)));
      }
      case SENTENCES, WORDS -> {
        boolean tooMany = "less than".equals(target.kwargs().get("relation"));
        for (int step = 1; step <= POOL_SIZE; step++) {
          int k = good.sentences() + (tooMany ? step : -step);
          if (k >= 0 && k <= POOL_SIZE) {
            candidates.add(good.withSentences(k));
          }
        }
      }
      default -> throw new IllegalStateException("no violation for " + target.id());
    }
    for (Layout candidate : candidates) {
      if (candidate.bullets() < 0) {
        continue;
      }
      List<String> failed = failures(task, candidate.render(content));
      if (failed.equals(List.of(target.id()))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<String> failures(MiniTask task, String response) {
    VerifiableInstructions instructions = task.instructions();
    List<CheckResult> results =
        IfevalVerifier.strict().verify(instructions, task.prompt(), response);
    return results.stream().filter(r -> !r.passed()).map(CheckResult::instructionId).toList();
  }

  private static Object kwarg(MiniTask task, String id, String name) {
    return task.constraint(id).kwargs().get(name);
  }

  private static List<String> keywords(MiniTask task) {
    return strings(kwarg(task, KEYWORDS, "keywords"));
  }

  private static List<String> strings(Object value) {
    return ((List<?>) value).stream().map(Object::toString).toList();
  }

  /** The words a response may use, drawn once per task. */
  private record Content(
      String topic,
      String topicWithComma,
      String degreeAdjective,
      List<String> pool,
      List<String> bulletPool,
      String title,
      String postscript) {

    static Content plan(MiniTask task, WordBank bank, Random rnd) {
      MiniTask.Subject s = task.subject();
      String thing = s.adjective() + " " + s.noun();
      String topic = fmt("The %s %s in the %s.", thing, s.verbThirdPerson(), s.place());
      String withComma = fmt("In the %s, the %s %s.", s.place(), thing, s.verbThirdPerson());
      List<String> avoid = List.of(s.adjective(), s.noun());
      String degreeAdjective = pickOther(rnd, bank.adjectives(), avoid);
      int v1 = rnd.nextInt(bank.verbs().size());
      int v2 = rnd.nextInt(bank.verbs().size());
      String friendAdjective = pickOther(rnd, bank.adjectives(), avoid);
      String friend = pickOther(rnd, bank.nouns(), avoid);
      String toy = pickOther(rnd, bank.nouns(), List.of(s.noun(), friend));
      List<String> pool = new ArrayList<>();
      pool.add(fmt("It likes to %s with %s %s.", bank.verbs().get(v1), article(toy), toy));
      pool.add(
          fmt("Its best friend is %s %s %s.", article(friendAdjective), friendAdjective, friend));
      pool.add(
          fmt(
              "Every day it %s near the %s.",
              bank.verbsThirdPerson().get(v2), pickOther(rnd, bank.places(), List.of(s.place()))));
      pool.add(pick(rnd, List.of("People are happy when they see it.", "Everyone knows it well.")));
      pool.add(fmt("At night it %s by the %s.", pick(rnd, bank.verbsThirdPerson()), friend));
      Collections.shuffle(pool, rnd);
      List<String> bullets = new ArrayList<>();
      List<String> verbs = new ArrayList<>(bank.verbs());
      Collections.shuffle(verbs, rnd);
      bullets.add(fmt("It can %s.", verbs.get(0)));
      bullets.add(fmt("It lives near the %s.", s.place()));
      bullets.add(fmt("It likes to %s.", verbs.get(1)));
      bullets.add(fmt("Its friend is %s %s.", article(friend), friend));
      bullets.add(fmt("It is %s.", degreeAdjective));
      Collections.shuffle(bullets, rnd);
      String title = Phrases.titleCase("the " + thing);
      String postscript =
          pick(
              rnd,
              List.of(
                  fmt("I hope you like the %s too.", s.noun()),
                  fmt("The %s says hello.", s.noun()),
                  "Thanks for asking."));
      return new Content(topic, withComma, degreeAdjective, pool, bullets, title, postscript);
    }
  }

  /** The choices that turn content into a response; one field differs between twins. */
  private record Layout(
      int sentences,
      boolean commaForm,
      Optional<String> degree,
      List<String> keywords,
      int bullets,
      TextCase textCase,
      boolean quoted,
      boolean title,
      boolean postscript,
      Optional<String> endPhrase) {

    String render(Content c) {
      List<String> body = new ArrayList<>();
      body.add(commaForm ? c.topicWithComma() : c.topic());
      if (keywords.size() == 1) {
        body.add(fmt("It reminds me of the %s.", keywords.get(0)));
      } else if (keywords.size() == 2) {
        body.add(fmt("It reminds me of the %s and the %s.", keywords.get(0), keywords.get(1)));
      }
      List<String> extra = new ArrayList<>();
      extra.add(fmt("It is %s.", degree.map(d -> d + " ").orElse("") + c.degreeAdjective()));
      extra.addAll(c.pool());
      body.addAll(extra.subList(0, sentences));
      return new ResponseDraft(
              title ? Optional.of(c.title()) : Optional.empty(),
              body,
              c.bulletPool().subList(0, bullets),
              postscript ? Optional.of(c.postscript()) : Optional.empty(),
              endPhrase,
              textCase,
              quoted)
          .render();
    }

    Layout withSentences(int v) {
      return new Layout(
          v, commaForm, degree, keywords, bullets, textCase, quoted, title, postscript, endPhrase);
    }

    Layout withCommaForm(boolean v) {
      return new Layout(
          sentences, v, degree, keywords, bullets, textCase, quoted, title, postscript, endPhrase);
    }

    Layout withDegree(Optional<String> v) {
      return new Layout(
          sentences,
          commaForm,
          v,
          keywords,
          bullets,
          textCase,
          quoted,
          title,
          postscript,
          endPhrase);
    }

    Layout withKeywords(List<String> v) {
      return new Layout(
          sentences, commaForm, degree, v, bullets, textCase, quoted, title, postscript, endPhrase);
    }

    Layout withBullets(int v) {
      return new Layout(
          sentences,
          commaForm,
          degree,
          keywords,
          v,
          textCase,
          quoted,
          title,
          postscript,
          endPhrase);
    }

    Layout withTextCase(TextCase v) {
      return new Layout(
          sentences, commaForm, degree, keywords, bullets, v, quoted, title, postscript, endPhrase);
    }

    Layout withQuoted(boolean v) {
      return new Layout(
          sentences,
          commaForm,
          degree,
          keywords,
          bullets,
          textCase,
          v,
          title,
          postscript,
          endPhrase);
    }

    Layout withTitle(boolean v) {
      return new Layout(
          sentences,
          commaForm,
          degree,
          keywords,
          bullets,
          textCase,
          quoted,
          v,
          postscript,
          endPhrase);
    }

    Layout withPostscript(boolean v) {
      return new Layout(
          sentences, commaForm, degree, keywords, bullets, textCase, quoted, title, v, endPhrase);
    }

    Layout withEndPhrase(Optional<String> v) {
      return new Layout(
          sentences, commaForm, degree, keywords, bullets, textCase, quoted, title, postscript, v);
    }
  }
}
