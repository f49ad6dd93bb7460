package dev.marketfn.actions;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An exact positive rational. Factors are kept as fractions through every product (1/7 · 454.79/455.61 …) and
 * rounded once, when an adjusted value is produced, so exact factors (0.25) give exact prices and inexact ones
 * are rounded a single time with {@link #MC}.
 */
public record Fraction(BigInteger numerator, BigInteger denominator) {
    /** 20 significant digits, half-even: beyond any price or size precision a provider quotes. */
    public static final MathContext MC = new MathContext(20, RoundingMode.HALF_EVEN);
    public static final Fraction ONE = new Fraction(BigInteger.ONE, BigInteger.ONE);

    public Fraction {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
    }

    public static Fraction of(BigDecimal d) {
        return d.scale() >= 0 ? new Fraction(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
                : new Fraction(d.unscaledValue().multiply(BigInteger.TEN.pow(-d.scale())), BigInteger.ONE);
    }

    /** numerator / denominator, exactly. */
    public static Fraction ratioOf(BigDecimal numerator, BigDecimal denominator) {
        return of(numerator).times(of(denominator).reciprocal());
    }

    public Fraction times(Fraction o) {
        return new Fraction(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Fraction reciprocal() {
        return new Fraction(denominator, numerator);
    }

    public boolean isOne() {
        return numerator.equals(denominator);
    }

    /** The value as a decimal: exact when it terminates within 20 digits, else rounded with {@link #MC}. */
    public BigDecimal toBigDecimal() {
        return strip(new BigDecimal(numerator).divide(new BigDecimal(denominator), MC));
    }

    /** value × this, rounded once with {@link #MC}; null stays null. */
    public BigDecimal applyTo(BigDecimal value) {
        if (value == null) {
            return null;
        }
        return strip(value.multiply(new BigDecimal(numerator)).divide(new BigDecimal(denominator), MC));
    }

    private static BigDecimal strip(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
