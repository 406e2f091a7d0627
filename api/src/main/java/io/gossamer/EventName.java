package io.gossamer;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;

/**
 * Narrows an observer of {@link ClusterEvent} to one name:
 * {@code @Observes @EventName("cache-invalidate") ClusterEvent e}. See
 * {@code [cluster-events-qualifiers]}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({PARAMETER, FIELD, METHOD, TYPE})
public @interface EventName {

    /** {@return the event name} */
    String value();

    /** An instance of the qualifier, for firing or selecting programmatically. */
    final class Literal extends AnnotationLiteral<EventName> implements EventName {
        private static final long serialVersionUID = 1L;
        /** The name. */
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /**
         * The qualifier for one name.
         *
         * @param name the event name
         * @return {@code @EventName(name)}
         */
        public static Literal of(String name) {
            return new Literal(java.util.Objects.requireNonNull(name, "name"));
        }

        @Override
        public String value() {
            return value;
        }
    }
}
