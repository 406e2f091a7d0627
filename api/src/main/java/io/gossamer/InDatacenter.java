package io.gossamer;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Narrows a {@link MembershipEvent} observer to members of one datacenter:
 * {@code @Observes @InDatacenter("dc2") MemberDead e} sees deaths of dc2 members only.
 * See {@code [events-qualifiers]}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface InDatacenter {

    /** {@return the datacenter name, as configured by {@code gossamer.datacenter}} */
    String value();

    /** An instance of the qualifier, for firing or selecting programmatically. */
    final class Literal extends AnnotationLiteral<InDatacenter> implements InDatacenter {
        private static final long serialVersionUID = 1L;
        /** The datacenter name. */
        private final String value;

        private Literal(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /**
         * The qualifier for one datacenter.
         *
         * @param datacenter the datacenter name
         * @return {@code @InDatacenter(datacenter)}
         * @throws NullPointerException if {@code datacenter} is null
         */
        public static Literal of(String datacenter) {
            return new Literal(datacenter);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
