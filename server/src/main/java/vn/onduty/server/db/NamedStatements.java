package vn.onduty.server.db;

import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * JDBI's template engine ({@code <name>} attributes of {@code @Define}) with each statement's DAO method named in a
 * leading comment ({@code /* QualityDao.kpis *}{@code /}), as Dropwizard's {@code NamePrependingTemplateEngine} does,
 * so that pg_stat_activity and pg_stat_statements say which method a statement comes from.
 *
 * <p>Unlike Dropwizard's wrapper it is a {@link TemplateEngine.Parsing} engine, so JDBI parses each statement's text
 * once and keeps the result in its template cache. Dropwizard's wrapper is a plain {@link TemplateEngine}, which made
 * JDBI lex every statement again on every execution: a quarter of the server's CPU under a fleet of agents
 * ({@code ./onduty bench fleet}, docs/benchmarks.md).
 */
public final class NamedStatements implements TemplateEngine.Parsing {

    private final DefinedAttributeTemplateEngine attributes = new DefinedAttributeTemplateEngine();

    @Override
    public Optional<Function<StatementContext, String>> parse(String template, ConfigRegistry config) {
        return attributes.parse(template, config).map(render -> ctx -> named(ctx, render.apply(ctx)));
    }

    @Override
    public String render(String template, StatementContext ctx) {
        return named(ctx, attributes.render(template, ctx));
    }

    /** The statement with its DAO method in a comment before it; statements written outside a DAO as they are. */
    static String named(StatementContext ctx, String sql) {
        ExtensionMethod method = ctx.getExtensionMethod();
        if (method == null) {
            return sql;
        }
        return "/* " + method.getType().getSimpleName() + "." + method.getMethod().getName() + " */ " + sql;
    }
}
