package vn.onduty.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.forms.MultiPartBundle;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.migrations.MigrationsBundle;
import io.dropwizard.views.common.ViewBundle;
import io.dropwizard.views.freemarker.FreemarkerViewRenderer;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.agentcommand.AgentCommandPages;
import vn.onduty.server.agentcommand.AgentCommandResource;
import vn.onduty.server.agentcommand.AgentCommands;
import vn.onduty.server.agentcommand.CommandPolls;
import vn.onduty.server.api.BodyLimitFilter;
import vn.onduty.server.api.CachedParameterNames;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.api.StrictParams;
import vn.onduty.server.attendance.AttendanceDao;
import vn.onduty.server.attendance.AttendancePages;
import vn.onduty.server.attendance.AttendanceRecompute;
import vn.onduty.server.attendance.AttendanceResource;
import vn.onduty.server.attendance.AttendanceService;
import vn.onduty.server.attendance.AttendanceWorker;
import vn.onduty.server.attendance.CorrectionPages;
import vn.onduty.server.attendance.CorrectionResource;
import vn.onduty.server.attendance.CorrectionService;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.audit.AuditPage;
import vn.onduty.server.audit.AuditResource;
import vn.onduty.server.auth.AccessFeature;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.backup.BackupCommand;
import vn.onduty.server.backup.Backups;
import vn.onduty.server.backup.NightlyBackup;
import vn.onduty.server.backup.RestoreCommand;
import vn.onduty.server.calendar.CalendarAdminPages;
import vn.onduty.server.calendar.HolidayResource;
import vn.onduty.server.calendar.HolidayService;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.SiteCalendarAdminPages;
import vn.onduty.server.calendar.SiteCalendarResource;
import vn.onduty.server.calendar.SiteCalendarService;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.camera.AgentCameraResource;
import vn.onduty.server.camera.CameraAdminPages;
import vn.onduty.server.camera.CameraListVersions;
import vn.onduty.server.camera.CameraResource;
import vn.onduty.server.camera.CameraService;
import vn.onduty.server.cli.CreateAdminCommand;
import vn.onduty.server.db.Database;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.ExclusiveJob;
import vn.onduty.server.db.ExclusiveJobs;
import vn.onduty.server.db.JdbiSetup;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.db.PgNotifications;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.demo.DemoLeave;
import vn.onduty.server.demo.DemoSeeder;
import vn.onduty.server.devicetime.DeviceTimeCheck;
import vn.onduty.server.fingerprint.FingerprintResource;
import vn.onduty.server.fingerprint.FingerprintService;
import vn.onduty.server.fingerprint.SensorAdminPages;
import vn.onduty.server.home.HomePage;
import vn.onduty.server.ingest.AgentApiResource;
import vn.onduty.server.ingest.HeartbeatService;
import vn.onduty.server.ingest.IngestService;
import vn.onduty.server.leave.ApprovedLeave;
import vn.onduty.server.leave.LeaveAccess;
import vn.onduty.server.leave.LeaveAdminPages;
import vn.onduty.server.leave.LeaveApprovals;
import vn.onduty.server.leave.LeaveCoverage;
import vn.onduty.server.leave.LeaveFollowUp;
import vn.onduty.server.leave.LeaveLedger;
import vn.onduty.server.leave.LeaveNotifier;
import vn.onduty.server.leave.LeavePages;
import vn.onduty.server.leave.LeaveRequests;
import vn.onduty.server.leave.LeaveResource;
import vn.onduty.server.leave.LeaveTypes;
import vn.onduty.server.login.AgentTokens;
import vn.onduty.server.login.AuthResource;
import vn.onduty.server.login.AuthService;
import vn.onduty.server.login.AuthenticationFilter;
import vn.onduty.server.login.CsrfFilter;
import vn.onduty.server.login.DeviceCookies;
import vn.onduty.server.login.LoginExceptionMappers;
import vn.onduty.server.login.LoginLockResource;
import vn.onduty.server.login.LoginPages;
import vn.onduty.server.login.LoginThrottle;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.mail.Mailer;
import vn.onduty.server.metrics.Metrics;
import vn.onduty.server.metrics.RequestMetrics;
import vn.onduty.server.occupancy.OccupancyPages;
import vn.onduty.server.occupancy.OccupancyResource;
import vn.onduty.server.occupancy.OccupancyService;
import vn.onduty.server.occupancy.OccupancyStore;
import vn.onduty.server.openapi.ApiDocsPage;
import vn.onduty.server.openapi.OpenApiResource;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.account.AccountAdminPages;
import vn.onduty.server.org.account.AccountResource;
import vn.onduty.server.org.account.AccountService;
import vn.onduty.server.org.account.LanguagePage;
import vn.onduty.server.org.agent.AgentAdminPages;
import vn.onduty.server.org.agent.AgentResource;
import vn.onduty.server.org.agent.AgentService;
import vn.onduty.server.org.counter.CounterAdminPages;
import vn.onduty.server.org.counter.CounterResource;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.department.DepartmentAdminPages;
import vn.onduty.server.org.department.DepartmentResource;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.imports.OrgImportPages;
import vn.onduty.server.org.imports.OrgImports;
import vn.onduty.server.org.site.SiteAdminPages;
import vn.onduty.server.org.site.SiteResource;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.StaffAdminPages;
import vn.onduty.server.org.staff.StaffPages;
import vn.onduty.server.org.staff.StaffResource;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.privacy.Anonymisation;
import vn.onduty.server.privacy.PersonalDataExport;
import vn.onduty.server.privacy.PrivacyAdminPages;
import vn.onduty.server.privacy.PrivacyNotices;
import vn.onduty.server.privacy.PrivacyPages;
import vn.onduty.server.privacy.PrivacyResource;
import vn.onduty.server.punch.PunchPages;
import vn.onduty.server.punch.PunchResource;
import vn.onduty.server.punch.PunchService;
import vn.onduty.server.punch.PunchTimePages;
import vn.onduty.server.quality.QualityPages;
import vn.onduty.server.quality.QualityResource;
import vn.onduty.server.quality.QualityService;
import vn.onduty.server.quality.TicketImportPages;
import vn.onduty.server.quality.TicketImports;
import vn.onduty.server.quality.TicketResource;
import vn.onduty.server.quality.TicketService;
import vn.onduty.server.retention.RetentionJob;
import vn.onduty.server.retention.RetentionPages;
import vn.onduty.server.retention.RetentionResource;
import vn.onduty.server.retention.RetentionService;
import vn.onduty.server.roster.RosterPages;
import vn.onduty.server.roster.RosterResource;
import vn.onduty.server.roster.RosterService;
import vn.onduty.server.secret.SecretBox;
import vn.onduty.server.secret.SecretKeys;
import vn.onduty.server.terminal.IclockResource;
import vn.onduty.server.terminal.IclockService;
import vn.onduty.server.terminal.Terminal;
import vn.onduty.server.terminal.TerminalAdminPages;
import vn.onduty.server.terminal.TerminalCommands;
import vn.onduty.server.terminal.TerminalHealthCheck;
import vn.onduty.server.terminal.TerminalPins;
import vn.onduty.server.terminal.TerminalResource;
import vn.onduty.server.terminal.TerminalService;
import vn.onduty.server.timesheet.TimesheetLegendAdminPages;
import vn.onduty.server.timesheet.TimesheetPages;
import vn.onduty.server.timesheet.TimesheetResource;
import vn.onduty.server.timesheet.TimesheetService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.HtmlErrorFilter;
import vn.onduty.server.web.I18n;
import vn.onduty.server.web.SecurityHeadersFilter;
import vn.onduty.server.web.Web;

/** Wires the whole server by hand: reading {@link #run} shows the object graph. */
public class OnDutyApplication extends Application<OnDutyConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(OnDutyApplication.class);

    /** One per process: the embedded PostgreSQL is started once, by the server or by a CLI command. */
    private Database database;

    public static void main(String[] args) throws Exception {
        new OnDutyApplication().run(args);
    }

    @Override
    public String getName() {
        return "onduty";
    }

    @Override
    public void initialize(Bootstrap<OnDutyConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        bootstrap.setValidatorFactory(Validators.newConfiguration().parameterNameProvider(new CachedParameterNames())
                .buildValidatorFactory());
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(OnDutyConfiguration configuration) {
                return database(configuration).migrationDataSourceFactory();
            }

            @Override
            public String getMigrationsFileName() {
                return Migrator.CHANGELOG;
            }
        });
        bootstrap.addBundle(new ViewBundle<>(List.of(new FreemarkerViewRenderer(freemarker.template.Configuration.VERSION_2_3_33))) {
            @Override
            public Map<String, Map<String, String>> getViewConfiguration(OnDutyConfiguration configuration) {
                return Map.of("freemarker", Map.of("default_encoding", "UTF-8", "output_encoding", "UTF-8",
                        "url_escaping_charset", "UTF-8", "number_format", "computer",
                        // A template error must fail the request, never print a stack trace into the page.
                        "template_exception_handler", "rethrow", "log_template_exceptions", "false"));
            }
        });
        bootstrap.addBundle(new MultiPartBundle());
        bootstrap.addBundle(new AssetsBundle("/assets", "/assets", null, "assets"));
        bootstrap.addBundle(new AssetsBundle("/META-INF/resources/webjars", "/webjars", null, "webjars"));
        bootstrap.addCommand(new CreateAdminCommand(this::database));
        bootstrap.addCommand(new BackupCommand(this::database));
        bootstrap.addCommand(new RestoreCommand());
    }

    public synchronized Database database(OnDutyConfiguration configuration) {
        if (database == null) {
            database = new Database(configuration.getDatabase());
        }
        return database;
    }

    @Override
    public void run(OnDutyConfiguration config, Environment environment) {
        Clock clock = Clock.systemUTC();
        // Our mappers answer every failure with the one error body; Dropwizard's would use three shapes.
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }

        Database db = database(config);
        DataSourceFactory dataSource = db.dataSourceFactory();
        db.running().ifPresent(pg -> {
            throw new IllegalStateException(config.getDatabase().getDataDirectory().toAbsolutePath()
                    + " (database.dataDirectory) is in use by another running OnDuty server (its PostgreSQL is pid "
                    + pg.pid() + ", port " + pg.port() + "): one server per data directory. Stop that one first, or give "
                    + "this one another dataDirectory.");
        });
        db.embedded().ifPresent(environment.lifecycle()::manage);
        ManagedDataSource pool = dataSource.build(environment.metrics(), "postgresql");
        if (db.embedded().isEmpty()) {
            StartLog.externalDatabase(dataSource.getUrl(), dataSource.getUser());
        }
        if (config.getDatabase().isMigrateOnStart()) {
            StartLog.migrations(Migrator.migrate(db.ownerDataSource()));
        }
        // The server works as a role that owns nothing: rows, never tables, and the audit log only to add to.
        db.grantApplicationRole();
        // Dropwizard's factory for the pool's health check and statement metrics; its plugins (SqlObject, and Guava,
        // which no DAO uses and whose JDBI module has no release beside the JDBI this server uses) are JdbiSetup's.
        JdbiFactory jdbiFactory = new JdbiFactory() {
            @Override
            protected void configure(Jdbi unconfigured) {
                // JdbiSetup.configure below
            }
        };
        Jdbi jdbi = JdbiSetup.configure(jdbiFactory.build(environment, dataSource, pool, "postgresql"));
        ReplicaReads reads = replicaReads(db, jdbi, clock, environment);

        Metrics metrics = new Metrics();
        AuditLog audit = new AuditLog(jdbi, environment.getObjectMapper(), clock);
        AccessPolicy policy = new AccessPolicy(jdbi.onDemand(ScopeDao.class));
        PasswordHasher hasher = new PasswordHasher(config.getAuth().getBcryptCost());
        LoginThrottle loginThrottle = new LoginThrottle(jdbi, audit, policy, config.getAuth(), clock);
        // LISTEN/NOTIFY: long polls wake on commands queued on any instance; agents' tokens are forgotten when changed.
        PgNotifications notifications = new PgNotifications(
                () -> DriverManager.getConnection(dataSource.getUrl(), dataSource.getUser(), dataSource.getPassword()));
        AgentTokens agentTokens = new AgentTokens(jdbi, notifications::listening);
        notifications.subscribe(AgentTokens.CHANNEL, agentTokens);
        AuthService auth = new AuthService(jdbi, hasher, audit, config.getAuth(), loginThrottle,
                new DeviceCookies(jdbi, clock, config.getAuth().getDeviceCookieLifetime().toJavaDuration()), agentTokens,
                clock);
        SiteService sites = new SiteService(jdbi, audit, policy);
        DepartmentService departments = new DepartmentService(jdbi, audit, policy);
        CounterService counters = new CounterService(jdbi, audit, policy);
        StaffService staff = new StaffService(jdbi, audit, policy, clock);
        AccountService accounts = new AccountService(jdbi, audit, policy, hasher);
        AgentService agents = new AgentService(jdbi, audit, policy, agentTokens, clock);
        OccupancyStore occupancyStore = new OccupancyStore();
        AgentCommands agentCommands = new AgentCommands(jdbi, audit, policy, clock,
                config.getAgentCommands().getExpireAfter());
        // Long polling: a command queued on any instance wakes the agent's poll held on this one.
        CommandPolls commandPolls = new CommandPolls(agentCommands, config.getAgentCommands().getLongPollMax(),
                environment.lifecycle().scheduledExecutorService("agent-command-polls").threads(1).build(),
                environment.lifecycle().executorService("agent-command-wakeups").minThreads(2).maxThreads(2).build(),
                notifications::listening);
        notifications.subscribe(CommandPolls.CHANNEL, commandPolls);
        // Heartbeats answer the version of the agent's camera list from memory, forgotten when the list changes.
        CameraListVersions cameraListVersions = new CameraListVersions(notifications::listening);
        notifications.subscribe(CameraListVersions.CHANNEL, cameraListVersions);
        environment.lifecycle().manage(notifications);
        // Periodic jobs run on one instance at a time when several share the database (ExclusiveJob says which, and why).
        ExclusiveJobs exclusive = new ExclusiveJobs(
                () -> DriverManager.getConnection(dataSource.getUrl(), dataSource.getUser(), dataSource.getPassword()));
        DeviceTimeCheck deviceTime = DeviceTimeCheck.of(config.getDeviceTime());
        IngestService ingest = new IngestService(jdbi, audit, occupancyStore, agentCommands, clock, deviceTime,
                metrics.punchesIngested("agent"), config.getSensors().getMaxPerAgent());
        SecretBox secrets = SecretKeys.load(config.getSecrets(),
                config.getDatabase().isEmbedded() ? config.getDatabase().getDataDirectory() : null);
        CameraService cameras = new CameraService(jdbi, audit, policy, environment.getObjectMapper(), occupancyStore,
                agentCommands, clock, config.getCamera().getSnapshotLifetime(), config.getCamera().getAgentSilentAfter(),
                secrets);
        int sealed = cameras.sealPasswords();
        if (sealed > 0) {
            LOG.info("Sealed {} camera password(s) with key {}", sealed, secrets.currentKeyId());
        }
        FingerprintService fingerprints = new FingerprintService(jdbi, audit, policy, agentCommands);
        PunchService punches = new PunchService(jdbi, audit, policy);
        WorkingCalendar workingCalendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, clock);
        HolidayService holidays = new HolidayService(jdbi, audit, policy, LunarCalendar.VIETNAM, workingCalendar);
        SiteCalendarService siteCalendars = new SiteCalendarService(jdbi, audit, policy, workingCalendar);
        AttendanceRecompute recompute = new AttendanceRecompute(jdbi, workingCalendar, new ApprovedLeave(), clock,
                config.getAttendance().getParallelGroups());
        AttendanceService attendance = new AttendanceService(jdbi, reads, recompute, workingCalendar, policy, audit, clock);
        environment.lifecycle().manage(new AttendanceWorker(recompute, jdbi, config.getAttendance(), clock, exclusive));
        TimesheetService timesheets = new TimesheetService(jdbi, reads, audit, policy, workingCalendar,
                (siteId, from, to) -> attendance.ensureFreshForSite(siteId, from, to), environment.getObjectMapper(), clock);
        RosterService roster = new RosterService(jdbi, audit, policy, workingCalendar, clock);
        CorrectionService corrections = new CorrectionService(jdbi, audit, policy, recompute, timesheets::locked, clock);
        OccupancyService occupancy = new OccupancyService(jdbi, policy, workingCalendar, clock,
                config.getCamera().getAgentSilentAfter());
        LeaveTypes leaveTypes = new LeaveTypes(jdbi, audit, policy);
        LeaveLedger leaveLedger = new LeaveLedger(jdbi, audit, policy, workingCalendar, environment.getObjectMapper(), clock);
        LeaveAccess leaveAccess = new LeaveAccess(jdbi, policy, timesheets, environment.getObjectMapper(), clock);
        LeaveCoverage leaveCoverage = new LeaveCoverage(jdbi, policy, workingCalendar, roster, leaveAccess);
        // Approved leave changes the attendance of the days it covers, planned days included.
        LeaveFollowUp leaveFollowUp = new LeaveFollowUp(jdbi,
                (staffId, from, to) -> recompute.recompute(AttendanceRecompute.days(staffId, from, to)),
                new LeaveNotifier(new Mailer(config.getMail()), config.getMail().getBaseUrl()), clock);
        LeaveRequests leaveRequests = new LeaveRequests(jdbi, audit, workingCalendar, leaveLedger, leaveAccess,
                leaveCoverage, leaveFollowUp, environment.getObjectMapper(), clock);
        LeaveApprovals leaveApprovals = new LeaveApprovals(jdbi, audit, policy, leaveAccess, leaveCoverage, leaveFollowUp,
                clock);
        TicketService tickets = new TicketService(jdbi, audit, policy);
        QualityService quality = new QualityService(jdbi, reads, audit, policy, workingCalendar, roster, occupancy,
                attendance::ensureFreshForSite, clock);
        TicketImports imports = new TicketImports(jdbi, audit, policy, tickets,
                environment.lifecycle().executorService("ticket-imports").maxThreads(1).minThreads(1).build(), clock);
        I18n i18n = new I18n(config.getDefaultLanguage());
        RetentionService retention = new RetentionService(jdbi, audit, policy, i18n, clock);
        PrivacyNotices privacyNotices = new PrivacyNotices(jdbi, audit, policy, clock, retention::periods);
        TerminalPins terminalPins = new TerminalPins(jdbi, audit, policy, clock);
        TerminalCommands terminalCommands = new TerminalCommands(jdbi, audit, policy, terminalPins, clock,
                config.getTerminals().getCommandTimeout());
        TerminalService terminals = new TerminalService(jdbi, audit, policy, workingCalendar, terminalPins, terminalCommands,
                config.getTerminals(), deviceTime, clock);
        IclockService iclock = new IclockService(jdbi, audit, terminalPins, terminalCommands, config.getTerminals(), clock,
                deviceTime, metrics.punchesIngested("terminal"));
        environment.healthChecks().register("terminals", new TerminalHealthCheck(terminals));
        PersonalDataExport personalData = new PersonalDataExport(jdbi, audit, policy, roster, occupancy,
                environment.getObjectMapper(), clock);
        Anonymisation anonymisation = new Anonymisation(jdbi, audit, policy, staff, privacyNotices,
                environment.getObjectMapper(), clock);
        Web web = new Web(i18n);
        OrgImports orgImports = new OrgImports(jdbi, audit, policy, sites, departments, counters, staff, accounts,
                environment.getValidator(), i18n, environment.getObjectMapper(),
                environment.lifecycle().executorService("org-imports").maxThreads(1).minThreads(1).build(), clock);

        if (config.getDemo().isEnabled()) {
            DemoSeeder seeder = new DemoSeeder(jdbi, hasher, audit, config.getDemo(), occupancyStore, clock);
            if (seeder.seed()) {
                new DemoLeave(jdbi, leaveTypes, leaveLedger, leaveRequests, leaveApprovals, clock).seed();
            }
            // After the leave, so that nobody punches on a day off; only once.
            seeder.seedHistory();
            seeder.seedTerminal();
            // The demo's pages are filled at once: the history of every officer, computed before the first request.
            LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
            recompute.ensureFresh(jdbi.withExtension(AttendanceDao.class, AttendanceDao::activeStaff),
                    DemoSeeder.historyFrom(today), today);
        }

        // Before anything else answers (assets, WebJars and errors included).
        environment.servlets().addFilter("security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");

        // Prometheus scrapes the admin port (127.0.0.1 unless configured otherwise); the JSON metrics Dropwizard
        // served at this path are replaced. Each gauge is read at scrape time: one line per thing to watch.
        environment.admin().addServlet("prometheus-metrics", metrics.servlet()).addMapping("/metrics");
        metrics.gauge("onduty_agents_online", "Active device agents heard from in the last 2 minutes", agents::countOnline);
        metrics.gauge("onduty_agents_active", "Device agents not deactivated, online or not", agents::countActive);
        metrics.gauge("onduty_terminals_online", "Adopted ZKTeco-family terminals heard from in the last 2 minutes",
                terminals::countOnline);
        metrics.gauge("onduty_terminals_adopted", "Terminals adopted for a site, online or not",
                () -> terminals.countInStatus(Terminal.ADOPTED));
        metrics.gauge("onduty_terminals_waiting", "Terminals calling in that wait for an admin to adopt or refuse them",
                () -> terminals.countInStatus(Terminal.WAITING));
        metrics.gauges("onduty_cameras", "Cameras in each state (as on the agents' and cameras' pages)", "state",
                cameras::countByHealth);
        metrics.gauge("onduty_agent_command_polls_held", "Agents' command polls held now (long polling)", commandPolls::held);
        metrics.gauge("onduty_agent_command_looks", "Times an agent's command poll asked the database since the start "
                + "(an idle agent's polls do not: nothing was queued for it since its last look)", commandPolls::looks);
        metrics.gauge("onduty_agent_tokens_cached", "Agents' tokens this instance resolves from memory (forgotten on change)",
                agentTokens::size);
        metrics.gauge("onduty_agent_command_notifications_listening",
                "1 while the server listens to PostgreSQL for queued commands (long polls wake at once), else 0",
                () -> notifications.listening() ? 1 : 0);
        metrics.gauges("onduty_exclusive_job_rounds_run", "Rounds of each periodic job this instance ran since it started "
                + "(one instance at a time runs each: the one holding the job's lock)", "job", exclusive::roundsRun);
        metrics.gauges("onduty_exclusive_job_rounds_skipped", "Rounds of each periodic job this instance skipped because "
                + "another instance was running it (or the database could not be reached)", "job", exclusive::roundsSkipped);
        if (reads.hasReplica()) {
            metrics.gauge("onduty_replica_lag_seconds", "How far the streaming replica the reports read (database.readUrl) "
                    + "is behind the primary: 0 when caught up; absent while it cannot be reached",
                    () -> reads.lagSeconds().orElseThrow());
            metrics.gauge("onduty_replica_up", "1 while the reports' streaming replica (database.readUrl) answers, else 0",
                    () -> {
                        try {
                            reads.lagSeconds();
                            return 1;
                        } catch (RuntimeException e) {
                            return 0;
                        }
                    });
        }
        metrics.gauge("onduty_attendance_queue_depth", "Officer-days waiting for the attendance worker to recompute them",
                attendance::queueDepth);
        backups(config, db, jdbi, clock, environment).ifPresent(backups -> metrics.gauge("onduty_backup_age_seconds",
                "Seconds since the snapshot of the newest complete backup (+Inf: none yet)", backups::ageSeconds));

        var jersey = environment.jersey();
        ExceptionMappers.all().forEach(jersey::register);
        LoginExceptionMappers.all().forEach(jersey::register);
        jersey.register(new StrictParams());
        jersey.register(new BodyLimitFilter(config.getMaxRequestBodySize().toBytes()));
        jersey.register(new RequestMetrics(metrics));
        jersey.register(new AuthenticationFilter(auth));
        jersey.register(new AccessFeature());
        jersey.register(new CsrfFilter());
        jersey.register(new AuthValueFactoryProvider.Binder<>(Caller.class));
        jersey.register(new HtmlErrorFilter(web));

        // Each feature's API resource and web pages, side by side.
        Forms forms = new Forms(environment.getValidator());
        OrgChoices org = new OrgChoices(sites, departments, policy);
        jersey.register(new AuthResource(auth));
        jersey.register(new LoginLockResource(loginThrottle));
        jersey.register(new LoginPages(web, auth, privacyNotices::landing));
        jersey.register(new HomePage(web, sites, departments, counters, staff));
        jersey.register(new SiteResource(sites));
        jersey.register(new SiteAdminPages(web, forms, sites));
        jersey.register(new DepartmentResource(departments));
        jersey.register(new DepartmentAdminPages(web, forms, departments));
        jersey.register(new CounterResource(counters));
        jersey.register(new CounterAdminPages(web, forms, counters, org));
        jersey.register(new StaffResource(staff));
        jersey.register(new StaffAdminPages(web, forms, staff, org));
        jersey.register(new StaffPages(web, staff, org));
        jersey.register(new AccountResource(accounts));
        jersey.register(new AccountAdminPages(web, forms, accounts, staff, org, loginThrottle));
        jersey.register(new LanguagePage(web, accounts));
        jersey.register(new OrgImportPages(web, orgImports));
        jersey.register(new AgentResource(agents));
        jersey.register(new AgentAdminPages(web, forms, agents, org, cameras, deviceTime));
        jersey.register(new AuditResource(audit));
        jersey.register(new AuditPage(web, audit));
        jersey.register(new RetentionResource(retention));
        jersey.register(new RetentionPages(web, retention));
        jersey.register(new AgentApiResource(ingest, agentCommands, commandPolls, environment.getObjectMapper(), clock,
                new HeartbeatService(jdbi, ingest, cameras, cameraListVersions)));
        jersey.register(new AgentCommandResource(agentCommands));
        jersey.register(new AgentCommandPages(web, agentCommands));
        jersey.register(new FingerprintResource(fingerprints));
        jersey.register(new SensorAdminPages(web, fingerprints, agentCommands, punches, staff, sites, clock));
        jersey.register(new PunchResource(punches));
        jersey.register(new PunchPages(web, punches, staff, clock));
        jersey.register(new PunchTimePages(web, punches, deviceTime));
        jersey.register(new HolidayResource(holidays));
        jersey.register(new CalendarAdminPages(web, forms, holidays, siteCalendars, org, LunarCalendar.VIETNAM, clock));
        jersey.register(new SiteCalendarResource(siteCalendars));
        jersey.register(new SiteCalendarAdminPages(web, forms, siteCalendars, sites, clock));
        jersey.register(new AttendanceResource(attendance));
        jersey.register(new AttendancePages(web, staff, org, roster, attendance, corrections, clock));
        jersey.register(new CorrectionResource(corrections));
        jersey.register(new CorrectionPages(web, forms, corrections, clock));
        jersey.register(new TimesheetResource(timesheets));
        jersey.register(new TimesheetPages(web, timesheets, org, clock));
        jersey.register(new TimesheetLegendAdminPages(web, timesheets, org::allDepartments, org::allSites));
        jersey.register(new RosterResource(roster));
        jersey.register(new RosterPages(web, roster, org, counters));
        jersey.register(new LeaveResource(leaveTypes, leaveLedger, leaveRequests, leaveApprovals, leaveCoverage, staff));
        jersey.register(new LeavePages(web, leaveTypes, leaveLedger, leaveRequests, leaveApprovals, leaveCoverage, org,
                clock));
        jersey.register(new LeaveAdminPages(web, leaveTypes, leaveLedger, leaveApprovals, timesheets, staff, org, clock));
        jersey.register(new AgentCameraResource(cameras));
        jersey.register(new CameraResource(cameras));
        jersey.register(new CameraAdminPages(web, forms, cameras, counters, org));
        jersey.register(new OccupancyResource(occupancy));
        jersey.register(new OccupancyPages(web, occupancy, org, workingCalendar, roster, audit, clock));
        jersey.register(new TicketResource(tickets, environment.getObjectMapper()));
        jersey.register(new TicketImportPages(web, imports, org));
        jersey.register(new QualityResource(quality));
        jersey.register(new QualityPages(web, quality, org, counters));
        jersey.register(new IclockResource(iclock));
        jersey.register(new TerminalResource(terminals, terminalPins, terminalCommands));
        jersey.register(new TerminalAdminPages(web, terminals, terminalPins, terminalCommands, sites, staff, clock));
        jersey.register(new PrivacyResource(privacyNotices, personalData, anonymisation, audit));
        jersey.register(new PrivacyPages(web, privacyNotices, personalData, anonymisation, audit, staff, org));
        jersey.register(new PrivacyAdminPages(web, forms, privacyNotices));
        jersey.register(new ApiDocsPage(web));
        jersey.register(openApi());

        // What is past its retention goes each night, in batches that leave ingest alone (RetentionJob).
        if (config.getRetention().isNightly()) {
            RetentionJob nightly = new RetentionJob(jdbi, retention, audit, environment.getObjectMapper(), clock,
                    config.getRetention(), exclusive);
            environment.lifecycle().scheduledExecutorService("retention").threads(1).build()
                    .scheduleWithFixedDelay(nightly::tick, 1, 1, TimeUnit.MINUTES);
        }

        // The start log's last lines: where the server listens, and what to do next.
        environment.lifecycle().addServerLifecycleListener(new StartLog(auth::hasAdministrator));
        environment.lifecycle().addEventListener(StartLog.quietRequestLog());

        // Snapshots are kept only while zones are being drawn: their images are erased once they expire.
        ScheduledExecutorService housekeeping = environment.lifecycle().scheduledExecutorService("camera-snapshots")
                .threads(1).build();
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                exclusive.runIfFree(ExclusiveJob.CAMERA_SNAPSHOT_ERASURE, cameras::eraseExpiredSnapshots);
            } catch (RuntimeException e) {
                // Logged and tried again next time: one failed run must not end the schedule.
                LOG.warn("Erasing expired camera snapshots failed", DatabaseFailures.redacted(e));
            }
        }, 1, 10, TimeUnit.MINUTES);

        // Commands no agent finished in time end as expired, also when nobody looks at them (an agent offline
        // for days): reading or touching one expires it at once, this catches the rest within a minute.
        ScheduledExecutorService commandExpiry = environment.lifecycle().scheduledExecutorService("agent-command-expiry")
                .threads(1).build();
        commandExpiry.scheduleWithFixedDelay(() -> exclusive.runIfFree(ExclusiveJob.COMMAND_EXPIRY, () -> {
            try {
                agentCommands.expireOverdue();
            } catch (RuntimeException e) {
                LOG.warn("Expiring overdue agent commands failed", DatabaseFailures.redacted(e));
            }
            try {
                terminalCommands.expireOverdue();
            } catch (RuntimeException e) {
                LOG.warn("Expiring overdue terminal commands failed", e);
            }
        }), 1, 1, TimeUnit.MINUTES);

        // Throttling state that no longer locks or counts; attempts and sessions go by the retention settings.
        ScheduledExecutorService signInPurge = environment.lifecycle().scheduledExecutorService("sign-in-purge")
                .threads(1).build();
        long purgeEvery = config.getAuth().getPurgeInterval().toJavaDuration().toMillis();
        signInPurge.scheduleWithFixedDelay(() -> {
            try {
                exclusive.runIfFree(ExclusiveJob.SIGN_IN_PURGE, () -> {
                    int deleted = loginThrottle.purge();
                    LOG.debug("Sign-in purge deleted {} rows of throttling state", deleted);
                });
            } catch (RuntimeException e) {
                LOG.warn("Purging login throttling state failed", e);
            }
        }, Math.min(purgeEvery, 60_000), purgeEvery, TimeUnit.MILLISECONDS);
    }

    /**
     * Where the month reports read: the streaming replica of {@code database.readUrl} when set (its own pool, no health
     * check: a replica down is a slower report, not a server out of service), else the primary.
     */
    private static ReplicaReads replicaReads(Database db, Jdbi primary, Clock clock, Environment environment) {
        Optional<DataSourceFactory> replica = db.readDataSourceFactory();
        if (replica.isEmpty()) {
            return ReplicaReads.primaryOnly(primary);
        }
        ManagedDataSource readPool = replica.get().build(environment.metrics(), "postgresql-replica");
        environment.lifecycle().manage(readPool);
        LOG.info("Month reports read the streaming replica at {} (database.readUrl)", replica.get().getUrl());
        return ReplicaReads.withReplica(primary, JdbiSetup.configure(Jdbi.create(readPool)), clock);
    }

    /**
     * Backups of the embedded database, and the nightly one when {@code backup.nightly} is on; none for an external
     * PostgreSQL, whose backups are its administrator's (pg_dump, pg_basebackup).
     */
    private static Optional<Backups> backups(OnDutyConfiguration config, Database db, Jdbi jdbi, Clock clock,
                                             Environment environment) {
        if (db.embedded().isEmpty()) {
            if (config.getBackup().isNightly()) {
                LOG.warn("backup.nightly is on, but database.url points at an external PostgreSQL: no nightly backup is "
                        + "taken here. Back that server up with pg_dump or pg_basebackup (README, \"Backups\").");
            }
            return Optional.empty();
        }
        EmbeddedPostgresServer pg = db.embedded().get();
        // As the owner: a backup reads every table, the migrations' own included.
        javax.sql.DataSource owner = db.ownerDataSource();
        Backups backups = new Backups(owner::getConnection, jdbi, clock);
        if (config.getBackup().isNightly()) {
            environment.lifecycle().manage(new NightlyBackup(backups, config.getBackup(),
                    environment.lifecycle().scheduledExecutorService("nightly-backup").threads(1).build(), clock));
        }
        return Optional.of(backups);
    }

    private static OpenApiResource openApi() {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("OnDuty API").version("1")
                        .description("Attendance, leave and counter presence for public-administration service centers. "
                                + "Sign in with POST /api/auth/login, then send 'Authorization: Bearer <token>'."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
        SwaggerConfiguration oas = new SwaggerConfiguration()
                .openAPI(api)
                .prettyPrint(true)
                .resourcePackages(Set.of("vn.onduty.server"));
        OpenApiResource resource = new OpenApiResource();
        resource.openApiConfiguration(oas);
        return resource;
    }
}
