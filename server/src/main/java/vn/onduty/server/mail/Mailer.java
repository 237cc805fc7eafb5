package vn.onduty.server.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends plain-text notifications through the configured SMTP server. A notification is a courtesy on top of the
 * in-app inbox: a failure to send is logged and never undoes or fails the change it reports.
 */
public class Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    private final MailConfiguration config;
    private final Session session;

    public Mailer(MailConfiguration config) {
        this.config = config;
        Properties p = new Properties();
        p.put("mail.smtp.host", config.getHost());
        p.put("mail.smtp.port", String.valueOf(config.getPort()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(config.getTimeoutMillis()));
        p.put("mail.smtp.timeout", String.valueOf(config.getTimeoutMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(config.getTimeoutMillis()));
        boolean login = config.getUsername() != null && !config.getUsername().isBlank();
        p.put("mail.smtp.auth", String.valueOf(login));
        if (config.isStartTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        this.session = login ? Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.getUsername(), config.getPassword());
            }
        }) : Session.getInstance(p);
    }

    public boolean enabled() {
        return config.isEnabled();
    }

    /** Sends one mail; returns whether it was handed to the server. Never throws for a mail problem. */
    public boolean send(String to, String subject, String body) {
        if (!config.isEnabled() || to == null || to.isBlank()) {
            return false;
        }
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(config.getFrom()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
            m.setSubject(subject, StandardCharsets.UTF_8.name());
            m.setText(body, StandardCharsets.UTF_8.name());
            Transport.send(m);
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Could not send mail '{}' to {}: {}", subject, to, e.toString());
            return false;
        }
    }
}
