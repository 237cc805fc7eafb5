package vn.onduty.server.web;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The create and edit form of one kind of record on the admin pages (a site, a counter, an account, ...),
 * done the one way they all do it: read the submitted fields into the API's input record, check them as
 * the API does, run the change, and either go to the record's page with a banner saying what was done or
 * show the form again (422) with what was typed, the reasons beside the fields and the broken rules on top.
 * A page keeps only what is its own: how its fields are read, its service calls and the choices it shows.
 *
 * <p>The form page is {@code admin/<name>-form.ftlh}, titled {@code <titles>.new} or {@code <titles>.edit};
 * it gets the record being edited as {@code <name>} (none when creating), {@code input}, {@code errors}
 * (field → reason) and {@code problems}, and whatever the page adds with {@link #showing}.
 *
 * @param <R> the stored record, as the service returns it
 * @param <I> the input record the API validates, which the form is read into
 */
public final class RecordForm<R, I> {

    /** Reads a submitted form; {@code record} is the one being edited, null when creating. */
    @FunctionalInterface
    public interface Reader<R, I> {
        I read(MultivaluedMap<String, String> form, R record);
    }

    /** Adds field reasons the input record's annotations cannot give, e.g. a typed date that is not a date. */
    @FunctionalInterface
    public interface Check<R, I> {
        void check(MultivaluedMap<String, String> form, R record, I input, Messages t, Map<String, String> errors);
    }

    /** Adds what else the form page shows, such as the choices of its pickers; {@code record} is null when creating. */
    @FunctionalInterface
    public interface Extras<R, I> {
        void add(Map<String, Object> data, R record, I input, WebContext ctx);
    }

    private final Forms forms;
    private final String path;
    private final String name;
    private final String titles;
    private final Reader<R, I> reader;
    private final Function<R, I> current;
    private final Check<R, I> check;
    private final Extras<R, I> extras;
    private final UnaryOperator<I> shown;

    private RecordForm(Forms forms, String path, String name, String titles, Reader<R, I> reader, Function<R, I> current,
                       Check<R, I> check, Extras<R, I> extras, UnaryOperator<I> shown) {
        this.forms = forms;
        this.path = path;
        this.name = name;
        this.titles = titles;
        this.reader = reader;
        this.current = current;
        this.check = check;
        this.extras = extras;
        this.shown = shown;
    }

    /**
     * @param path where the records' pages are, e.g. {@code /admin/sites}: a record's own page is {@code path/<id>}
     * @param name the record's name in the page data and the template's, e.g. {@code site}
     * @param titles the prefix of the page titles' keys, e.g. {@code sites}
     * @param current the input a stored record's edit form starts from
     */
    public static <R, I> RecordForm<R, I> of(Forms forms, String path, String name, String titles, Reader<R, I> reader,
                                             Function<R, I> current) {
        return new RecordForm<>(forms, path, name, titles, reader, current, (f, r, i, t, e) -> { }, (d, r, i, c) -> { },
                UnaryOperator.identity());
    }

    /** With further field checks, run after the input record's own. */
    public RecordForm<R, I> checking(Check<R, I> check) {
        return new RecordForm<>(forms, path, name, titles, reader, current, check, extras, shown);
    }

    /** With more on the form page. */
    public RecordForm<R, I> showing(Extras<R, I> extras) {
        return new RecordForm<>(forms, path, name, titles, reader, current, check, extras, shown);
    }

    /** With what of an input the page may show: a form shown again never writes a secret back into the page. */
    public RecordForm<R, I> hiding(UnaryOperator<I> shown) {
        return new RecordForm<>(forms, path, name, titles, reader, current, check, extras, shown);
    }

    /** The form for a new record, filled in with {@code input}. */
    public PageView blank(WebContext ctx, I input) {
        return page(ctx, null, input, Map.of(), List.of());
    }

    /** The form of a stored record as it is, with the banner of a change just made ({@code done}, may be null). */
    public PageView edit(WebContext ctx, R record, String done) {
        PageView page = page(ctx, record, current.apply(record), Map.of(), List.of());
        ListFilters.done(page.getData(), done);
        return page;
    }

    public PageView page(WebContext ctx, R record, I input, Map<String, String> errors, List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        if (record != null) {
            data.put(name, record);
        }
        I visible = shown.apply(input);
        data.put("input", visible);
        data.put("errors", errors);
        data.put("problems", problems);
        extras.add(data, record, visible, ctx);
        return new PageView(name + "/" + name + "-form.ftlh", ctx, titles + (record == null ? ".new" : ".edit"), data);
    }

    /** Creates a record from the form; {@code create} returns the new record's id. */
    public Response create(WebContext ctx, MultivaluedMap<String, String> form, ToLongFunction<I> create) {
        return submit(ctx, null, form, input -> done(create.applyAsLong(input), "created"));
    }

    /** Saves the form onto the stored {@code record} with this {@code id}. */
    public Response update(WebContext ctx, R record, long id, MultivaluedMap<String, String> form, Consumer<I> update) {
        return submit(ctx, record, form, input -> {
            update.accept(input);
            return done(id, "saved");
        });
    }

    /** Reads and checks the form, then runs a change that answers for itself (see {@link Forms#submit}). */
    public Response submit(WebContext ctx, R record, MultivaluedMap<String, String> form, Function<I, Response> change) {
        I input = reader.read(form, record);
        Map<String, String> errors = new LinkedHashMap<>(forms.validate(input, ctx.t()));
        check.check(form, record, input, ctx.t(), errors);
        return Forms.submit(input, errors, ctx.t(), () -> change.apply(input),
                (in, errs, problems) -> page(ctx, record, in, errs, problems));
    }

    /** Back to the record's page, with the banner saying what was done (see {@link ListFilters#done}). */
    public Response done(long id, String what) {
        return Forms.done(path + "/" + id, what);
    }
}
