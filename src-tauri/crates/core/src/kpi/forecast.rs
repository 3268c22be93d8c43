//! Forecasts of a monthly series (catalog section 5) by exponential smoothing, as the
//! additive-error state space (ETS) models of Hyndman, Koehler, Ord & Snyder,
//! *Forecasting with Exponential Smoothing* (Springer, 2008):
//!
//! - from 6 months, Holt's linear trend, ETS(A,A,N), or its damped form ETS(A,Ad,N);
//! - from 24 months, additive Holt-Winters with a yearly season, ETS(A,A,A), or its
//!   damped form ETS(A,Ad,A).
//!
//! The initial states come from the first months and are not fitted. Holt starts from
//! the line through the first two months (level y₁, trend y₁ − y₀), Holt-Winters from
//! the first two years (the trend from the change of their means, the season from the
//! first year's deviations from that line). The months after them are forecast one step
//! ahead, and σ² = SSE/n over those n errors only (none is 0 by construction): the
//! maximum-likelihood variance, the one statsmodels' `ETSModel` puts in its intervals.
//!
//! The smoothing parameters are those of the component form,
//! ℓ_t = α(y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + φb_{t−1}),
//! b_t = β(ℓ_t − ℓ_{t−1}) + (1 − β)φb_{t−1} and s_t = γ(y_t − ℓ_t) + (1 − γ)s_{t−m}.
//! They minimise the sum of squared one-step errors (SSE) over a grid, with φ over 0.80,
//! 0.82, …, 0.98 for a damped trend (1 without damping). The damped trend is taken when
//! its AICc, n(ln(2πσ²) + 1) + 2k + 2k(k + 1)/(n − k − 1) with k counting the smoothing
//! parameters, φ and σ², is lower than the undamped trend's; it is not offered while
//! n ≤ k + 1 (Holt under 8 months).
//!
//! The forecast h months ahead is ℓ + φ_h b (plus that month's season), with
//! φ_h = φ + φ² + … + φ^h (h without damping). Its 80% band is ±1.2816 √v_h, with the
//! class 1 variance of chapter 6 (Table 6.1): v_h = σ²(1 + Σ_{j=1}^{h−1} c_j²),
//! c_j = α + αβφ_j + (1 − α)γd_j, d_j being 1 when j is a multiple of 12 and 0 otherwise
//! (αβ and (1 − α)γ are the book's β and γ, those of the error-correction form).

/// z for a two-sided 80% interval.
pub const Z80: f64 = 1.281_551_565_545;

/// The model a forecast comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Holt's linear trend, ETS(A,A,N).
    Holt,
    /// Holt's damped trend, ETS(A,Ad,N).
    DampedHolt,
    /// Additive Holt-Winters with a yearly season, ETS(A,A,A).
    HoltWinters,
    /// Additive Holt-Winters with a damped trend, ETS(A,Ad,A).
    DampedHoltWinters,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub method: Method,
    /// Level smoothing.
    pub alpha: f64,
    /// Trend smoothing, of the component form (αβ in the error-correction form).
    pub beta: f64,
    /// Season smoothing, of the component form ((1 − α)γ in the error-correction form);
    /// 0 without a season.
    pub gamma: f64,
    /// Trend damping: 1 for an undamped trend.
    pub phi: f64,
    /// Root mean square of the one-step errors.
    pub sigma: f64,
    /// (value, low, high) for h = 1, 2, ...
    pub points: Vec<(f64, f64, f64)>,
}

const SEASON: usize = 12;

/// The damping factors tried, 0.80 to 0.98 (the bounds R's forecast::ets keeps φ in).
const PHIS: [f64; 10] = [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98];

impl Fit {
    /// Keeps the forecast and its band within what the measure can be: a count, an
    /// amount or a duration whose history never went below 0 is not forecast below 0,
    /// and a rate (a share of something) not above 1. A trend carried on past the
    /// edge, or a band wider than the level, would otherwise draw an impossible value.
    pub fn clamp(&mut self, min: Option<f64>, max: Option<f64>) {
        let keep = |x: f64| {
            let x = min.map_or(x, |m| x.max(m));
            max.map_or(x, |m| x.min(m))
        };
        for p in &mut self.points {
            *p = (keep(p.0), keep(p.1), keep(p.2));
        }
    }
}

/// A model's parameters (component form; `phi` 1 without damping).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Params {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
    seasonal: bool,
}

impl Params {
    /// The parameters the AICc counts: the smoothing ones, φ when damped, and σ².
    fn count(&self) -> usize {
        2 + usize::from(self.seasonal) + usize::from(self.phi != 1.0) + 1
    }
}

/// The state after the last month and the one-step errors on the way.
#[derive(Debug, Clone, PartialEq)]
struct Smoothed {
    /// Sum of the squared one-step errors.
    sse: f64,
    /// How many errors: the months after those the initial states come from.
    n: usize,
    level: f64,
    trend: f64,
    /// By month index modulo 12 (empty without a season).
    season: Vec<f64>,
}

/// The months the initial states come from.
fn first_forecast(seasonal: bool) -> usize {
    if seasonal {
        SEASON
    } else {
        2
    }
}

/// One pass over the series: Holt from the line through the first two months,
/// Holt-Winters from the first two seasons (one-step errors from the second on).
fn smooth(y: &[f64], p: &Params) -> Smoothed {
    let m = SEASON;
    let (mut level, mut trend, mut season) = if p.seasonal {
        let mean1 = y[..m].iter().sum::<f64>() / m as f64;
        let mean2 = y[m..2 * m].iter().sum::<f64>() / m as f64;
        let trend = (mean2 - mean1) / m as f64;
        let season = (0..m)
            .map(|i| y[i] - (mean1 + trend * (i as f64 - (m as f64 - 1.0) / 2.0)))
            .collect();
        (mean1 + trend * (m as f64 - 1.0) / 2.0, trend, season)
    } else {
        (y[1], y[1] - y[0], Vec::new())
    };
    let mut sse = 0.0;
    let mut n = 0;
    for (t, &v) in y.iter().enumerate().skip(first_forecast(p.seasonal)) {
        let s = if p.seasonal { season[t % m] } else { 0.0 };
        let damped = p.phi * trend;
        let e = v - (level + damped + s);
        sse += e * e;
        n += 1;
        let new_level = p.alpha * (v - s) + (1.0 - p.alpha) * (level + damped);
        trend = p.beta * (new_level - level) + (1.0 - p.beta) * damped;
        if p.seasonal {
            season[t % m] = p.gamma * (v - new_level) + (1.0 - p.gamma) * s;
        }
        level = new_level;
    }
    Smoothed {
        sse,
        n,
        level,
        trend,
        season,
    }
}

/// The parameters on the grid with the least SSE (the first of equals): α and β
/// (and γ) 0.05 to 0.95 by 0.05 without a season, 0.1 to 0.9 by 0.1 with one.
fn best(y: &[f64], seasonal: bool, damped: bool) -> (Params, Smoothed) {
    let fine: Vec<f64> = (1..=19).map(|i| i as f64 * 0.05).collect();
    let coarse: Vec<f64> = (1..=9).map(|i| i as f64 * 0.1).collect();
    let (ab, gammas) = if seasonal {
        (&coarse, &coarse[..])
    } else {
        (&fine, &[0.0][..])
    };
    let phis = if damped { &PHIS[..] } else { &[1.0][..] };
    let mut best: Option<(Params, Smoothed)> = None;
    for &phi in phis {
        for &alpha in ab {
            for &beta in ab {
                for &gamma in gammas {
                    let p = Params {
                        alpha,
                        beta,
                        gamma,
                        phi,
                        seasonal,
                    };
                    let s = smooth(y, &p);
                    if best.as_ref().is_none_or(|b| s.sse < b.1.sse) {
                        best = Some((p, s));
                    }
                }
            }
        }
    }
    best.expect("the grid is not empty")
}

/// The corrected Akaike criterion of n Gaussian errors with sum of squares `sse` and
/// k parameters (as statsmodels' ETSResults.aicc), or None when n ≤ k + 1.
fn aicc(sse: f64, n: usize, k: usize) -> Option<f64> {
    if n <= k + 1 {
        return None;
    }
    let (n, k) = (n as f64, k as f64);
    let llf = -n / 2.0 * ((2.0 * std::f64::consts::PI * sse / n).ln() + 1.0);
    Some(-2.0 * llf + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0))
}

/// The forecasts h = 1..=horizon after month `t0 - 1` with their 80% band.
fn project(p: &Params, s: &Smoothed, t0: usize, horizon: usize) -> Vec<(f64, f64, f64)> {
    let var = s.sse / s.n as f64;
    // The error-correction form's trend and season smoothing.
    let beta = p.alpha * p.beta;
    let gamma = (1.0 - p.alpha) * p.gamma;
    let mut phi_h = 0.0; // φ + φ² + … + φ^h
    let mut phi_pow = 1.0;
    let mut sum_c2 = 0.0; // Σ_{j<h} c_j²
    let mut points = Vec::with_capacity(horizon);
    for h in 1..=horizon {
        phi_pow *= p.phi;
        phi_h += phi_pow;
        let season = if p.seasonal {
            s.season[(t0 + h - 1) % SEASON]
        } else {
            0.0
        };
        let v = s.level + phi_h * s.trend + season;
        let w = Z80 * (var * (1.0 + sum_c2)).sqrt();
        points.push((v, v - w, v + w));
        let d = if p.seasonal && h % SEASON == 0 {
            gamma
        } else {
            0.0
        };
        let c = p.alpha + beta * phi_h + d;
        sum_c2 += c * c;
    }
    points
}

/// The forecast of the next `horizon` months, or None under 6 months.
pub fn forecast(y: &[f64], horizon: usize) -> Option<Fit> {
    if y.len() < 6 || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let seasonal = y.len() >= 2 * SEASON;
    let (mut p, mut s) = best(y, seasonal, false);
    let n = y.len() - first_forecast(seasonal);
    let damped_k = p.count() + 1;
    if n > damped_k + 1 {
        let (pd, sd) = best(y, seasonal, true);
        if let (Some(a), Some(b)) = (aicc(s.sse, s.n, p.count()), aicc(sd.sse, sd.n, damped_k)) {
            if b < a {
                (p, s) = (pd, sd);
            }
        }
    }
    let method = match (seasonal, p.phi != 1.0) {
        (false, false) => Method::Holt,
        (false, true) => Method::DampedHolt,
        (true, false) => Method::HoltWinters,
        (true, true) => Method::DampedHoltWinters,
    };
    Some(Fit {
        method,
        alpha: p.alpha,
        beta: p.beta,
        gamma: p.gamma,
        phi: p.phi,
        sigma: (s.sse / s.n as f64).sqrt(),
        points: project(&p, &s, y.len(), horizon),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `got` within 1e-9 of `want`, relatively.
    fn close(got: f64, want: f64, what: &str) {
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{what}: {got} != {want}"
        );
    }

    fn same_points(got: &[(f64, f64, f64)], want: &[(f64, f64, f64)]) {
        assert_eq!(got.len(), want.len());
        for (h, (g, w)) in got.iter().zip(want).enumerate() {
            let h = h + 1;
            close(g.0, w.0, &format!("h={h} value"));
            close(g.1, w.1, &format!("h={h} low"));
            close(g.2, w.2, &format!("h={h} high"));
        }
    }

    /// The AICc of the best undamped and the best damped trend on the grid.
    fn both_aicc(y: &[f64]) -> (f64, f64) {
        let seasonal = y.len() >= 2 * SEASON;
        let (p, s) = best(y, seasonal, false);
        let (pd, sd) = best(y, seasonal, true);
        (
            aicc(s.sse, s.n, p.count()).unwrap(),
            aicc(sd.sse, sd.n, pd.count()).unwrap(),
        )
    }

    #[test]
    fn fewer_than_six_months_give_no_forecast() {
        assert!(forecast(&[1.0, 2.0, 3.0, 4.0, 5.0], 3).is_none());
    }

    #[test]
    fn a_straight_line_is_continued_exactly_with_no_band() {
        // 8 and 12 months: long enough for the damped trend to be tried, and refused.
        for len in [8, 12] {
            let y: Vec<f64> = (0..len).map(|i| 100.0 + 10.0 * i as f64).collect();
            let f = forecast(&y, 3).unwrap();
            assert_eq!((f.method, f.phi), (Method::Holt, 1.0));
            for (h, (v, lo, hi)) in f.points.iter().enumerate() {
                let want = 100.0 + 10.0 * (len + h) as f64;
                assert!((v - want).abs() < 1e-9, "h={h}: {v} != {want}");
                assert!((hi - lo).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn holt_by_hand_for_fixed_parameters() {
        // alpha 0.5, beta 0.5 from 10, 12, 15: the line through 10, 12 gives level 12,
        // trend 2. t2: f 14, e 1, level 14.5, trend 2.25: one error, none before it.
        let p = Params {
            alpha: 0.5,
            beta: 0.5,
            gamma: 0.0,
            phi: 1.0,
            seasonal: false,
        };
        let s = smooth(&[10.0, 12.0, 15.0], &p);
        assert_eq!((s.sse, s.n, s.level, s.trend), (1.0, 1, 14.5, 2.25));
        // Damped by 0.5: f = 12 + 0.5·2 = 13, e 2, level 14, trend 0.5·2 + 0.5·1 = 1.5.
        let s = smooth(&[10.0, 12.0, 15.0], &Params { phi: 0.5, ..p });
        assert_eq!((s.sse, s.n, s.level, s.trend), (4.0, 1, 14.0, 1.5));
    }

    #[test]
    fn the_variance_sums_c_j_squared_with_the_damped_trend() {
        // σ² 4, α 0.5, β 0.5 (β* = 0.25), φ 0.5: φ_1 = 0.5, φ_2 = 0.75, φ_3 = 0.875.
        // c_1 = 0.5 + 0.25·0.5 = 0.625, c_2 = 0.5 + 0.25·0.75 = 0.6875.
        let p = Params {
            alpha: 0.5,
            beta: 0.5,
            gamma: 0.0,
            phi: 0.5,
            seasonal: false,
        };
        let s = Smoothed {
            sse: 8.0,
            n: 2,
            level: 10.0,
            trend: 4.0,
            season: Vec::new(),
        };
        let want = [
            (12.0, 4.0),
            (13.0, 4.0 * (1.0 + 0.390_625)),
            (13.5, 4.0 * (1.0 + 0.390_625 + 0.472_656_25)),
        ];
        for (got, (v, var)) in project(&p, &s, 10, 3).into_iter().zip(want) {
            let w = Z80 * f64::sqrt(var);
            assert_eq!(got, (v, v - w, v + w));
        }
    }

    #[test]
    fn the_seasons_smoothing_widens_the_band_from_a_year_on() {
        // σ² 1, α 0.5, β 0, γ 0.5 (γ* = 0.25): c_j = 0.5, but c_12 = 0.75.
        let p = Params {
            alpha: 0.5,
            beta: 0.0,
            gamma: 0.5,
            phi: 1.0,
            seasonal: true,
        };
        let s = Smoothed {
            sse: 12.0,
            n: 12,
            level: 0.0,
            trend: 0.0,
            season: (0..12).map(f64::from).collect(),
        };
        let points = project(&p, &s, 24, 14);
        let half_width = |h: usize| (points[h - 1].2 - points[h - 1].1) / 2.0 / Z80;
        // Month 24 + h − 1 has the season of index (h − 1) mod 12.
        assert_eq!(points[0].0, 0.0);
        assert_eq!(points[12].0, 0.0);
        assert_eq!(points[13].0, 1.0);
        close(half_width(12), f64::sqrt(1.0 + 11.0 * 0.25), "h=12");
        close(
            half_width(13),
            f64::sqrt(1.0 + 11.0 * 0.25 + 0.5625),
            "h=13",
        );
        close(
            half_width(14),
            f64::sqrt(1.0 + 12.0 * 0.25 + 0.5625),
            "h=14",
        );
    }

    // Reference figures: statsmodels 0.15.0 (numpy 2.4.6, pandas 3.1.2), ETSModel with the
    // initial states this module uses ("known") and the parameters its grid picks, in the
    // error-correction form (β* = αβ, γ* = (1 − α)γ); its σ² is res.mse = SSE/nobs.
    //
    //   import numpy as np, pandas as pd
    //   from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    //   def ref(y, a, b, g=None, phi=None, H=6):
    //       y = np.asarray(y, float)
    //       if g is None:  # Holt: from the line through y0, y1
    //           e, init, kw, par = y[2:], dict(initial_level=y[1], initial_trend=y[1] - y[0]), {}, [a, a * b]
    //       else:  # Holt-Winters: from the first two years
    //           m1, m2 = y[:12].mean(), y[12:24].mean(); tr = (m2 - m1) / 12
    //           init = dict(initial_level=m1 + tr * 11 / 2, initial_trend=tr,
    //                       initial_seasonal=[y[i] - (m1 + tr * (i - 5.5)) for i in range(12)])
    //           e, kw, par = y[12:], dict(seasonal="add", seasonal_periods=12), [a, a * b, (1 - a) * g]
    //       e = pd.Series(e, index=pd.period_range("2020-01", periods=len(e), freq="M"))
    //       res = ETSModel(e, error="add", trend="add", damped_trend=phi is not None, initialization_method="known",
    //                      **init, **kw).smooth(par + ([phi] if phi else []))
    //       fr = res.get_prediction(len(e), len(e) + H - 1).summary_frame(alpha=0.2)
    //       return res.mse ** 0.5, res.aicc, fr[["mean", "pi_lower", "pi_upper"]].values
    //
    // with a, b, g as the grid computes them (i * 0.05 without a season, i * 0.1 with one),
    // e.g. ref(A, 8 * 0.05, 10 * 0.05) and ref(B, 6 * 0.05, 19 * 0.05, None, 0.8). The AICc
    // of the model not taken comes from the same call with its parameters (noted below).
    // Closed forms and Σc_j² agree; 200,000 simulated paths of D agree with them to 0.6%.

    #[test]
    fn holt_matches_statsmodels_ets_aan() {
        let y = [
            112.0, 118.0, 121.0, 127.0, 126.0, 135.0, 139.0, 141.0, 150.0, 149.0, 157.0, 160.0,
            166.0, 168.0,
        ];
        // Undamped 68.450 against damped (α 0.5, β 0.05, φ 0.96) 72.725: no damping.
        let (undamped, damped) = both_aicc(&y);
        close(undamped, 68.45022610777923, "AICc");
        close(damped, 72.72536680199087, "damped AICc");
        let f = forecast(&y, 6).unwrap();
        assert_eq!(f.method, Method::Holt);
        close(f.alpha, 0.4, "alpha");
        close(f.beta, 0.5, "beta");
        assert_eq!((f.gamma, f.phi), (0.0, 1.0));
        close(f.sigma, 2.881048300899233, "sigma");
        same_points(
            &f.points,
            &[
                (173.41257176268803, 169.72035980226102, 177.10478372311505),
                (177.75388036710405, 173.44805830173956, 182.05970243246853),
                (182.09518897152006, 176.873612741928, 187.3167652011121),
                (186.43649757593607, 180.041398868163, 192.83159628370916),
                (190.7778061803521, 182.99783282091195, 198.55777953979222),
                (195.1191147847681, 185.7784752655162, 204.45975430402),
            ],
        );
    }

    #[test]
    fn a_levelling_series_gets_a_damped_trend_matching_statsmodels_ets_aadn() {
        let y = [
            50.0, 62.0, 71.0, 79.0, 84.0, 90.0, 93.0, 95.0, 98.0, 99.0, 101.0, 101.0, 102.0, 103.0,
        ];
        // Undamped (α 0.9, β 0.95) 57.002 against damped 37.110: damped.
        let (undamped, damped) = both_aicc(&y);
        close(undamped, 57.0020472225391, "AICc");
        close(damped, 37.11032972175862, "damped AICc");
        let f = forecast(&y, 6).unwrap();
        assert_eq!(f.method, Method::DampedHolt);
        close(f.alpha, 0.3, "alpha");
        close(f.beta, 0.95, "beta");
        close(f.phi, 0.8, "phi");
        close(f.sigma, 0.6413991183940274, "sigma");
        same_points(
            &f.points,
            &[
                (103.19165375499662, 102.36966771067983, 104.01363979931341),
                (103.56162077548264, 102.63209156713003, 104.49114998383524),
                (103.85759439187146, 102.759865294313, 104.95532348942992),
                (104.09437328498251, 102.79035619335087, 105.39839037661415),
                (104.28379639947136, 102.75402448016213, 105.81356831878058),
                (104.43533489106242, 102.67220287856283, 106.19846690356202),
            ],
        );
        // Seven months leave 5 errors, too few for the damped trend's 4 parameters.
        assert_eq!(forecast(&y[..7], 3).unwrap().method, Method::Holt);
    }

    #[test]
    fn holt_winters_matches_statsmodels_ets_aaa() {
        let y = [
            212.0, 209.0, 205.0, 199.0, 198.0, 194.0, 202.0, 212.0, 213.0, 219.0, 230.0, 237.0,
            236.0, 229.0, 229.0, 228.0, 219.0, 219.0, 220.0, 228.0, 233.0, 244.0, 249.0, 260.0,
            260.0, 255.0, 246.0, 248.0, 247.0, 245.0,
        ];
        // Undamped 110.608 against damped (α 0.4, β 0.1, γ 0.1, φ 0.98) 117.465.
        let (undamped, damped) = both_aicc(&y);
        close(undamped, 110.6075106953892, "AICc");
        close(damped, 117.4648575132181, "damped AICc");
        let f = forecast(&y, 13).unwrap();
        assert_eq!(f.method, Method::HoltWinters);
        close(f.alpha, 0.1, "alpha");
        close(f.beta, 0.1, "beta");
        close(f.gamma, 0.4, "gamma");
        assert_eq!(f.phi, 1.0);
        close(f.sigma, 3.8412583635249393, "sigma");
        same_points(
            &f.points,
            &[
                (245.67281118877634, 240.75004051933965, 250.59558185821302),
                (255.2442409167121, 250.2917770366077, 260.1967047968165),
                (258.05444096784004, 253.06687008142063, 263.04201185425944),
                (266.0626223363964, 261.03416209612027, 271.0910825766725),
                (274.9100951040194, 269.8346254369945, 279.98556477104427),
                (283.5956454301929, 278.4667420444947, 288.7245488158911),
                (282.22060008286684, 277.031570123514, 287.4096300422197),
                (277.5212711099312, 272.2651903444932, 282.7773518753692),
                (272.7077898707429, 267.37754072503907, 278.0380390164467),
                (270.9630078265859, 265.5513175656155, 276.37469808755634),
                (267.96651573039327, 262.4659940893817, 273.46703737140484),
                (265.5377244188312, 259.94090003198886, 271.13454880567355),
                (269.10084366883336, 262.81779901173934, 275.3838883259274),
            ],
        );
    }

    #[test]
    fn damped_holt_winters_matches_statsmodels_ets_aada() {
        let y = [
            311.0, 319.0, 322.0, 324.0, 332.0, 329.0, 342.0, 357.0, 365.0, 377.0, 390.0, 401.0,
            398.0, 398.0, 399.0, 385.0, 388.0, 382.0, 386.0, 402.0, 406.0, 407.0, 420.0, 429.0,
            426.0, 421.0, 414.0, 409.0, 406.0, 394.0, 402.0, 406.0, 414.0, 417.0, 427.0, 434.0,
        ];
        // Undamped (α 0.8, β 0.1, γ 0.9) 196.844 against damped 195.934.
        let (undamped, damped) = both_aicc(&y);
        close(undamped, 196.84439779749002, "AICc");
        close(damped, 195.9339084119622, "damped AICc");
        let f = forecast(&y, 13).unwrap();
        assert_eq!(f.method, Method::DampedHoltWinters);
        close(f.alpha, 0.1, "alpha");
        close(f.beta, 0.1, "beta");
        close(f.gamma, 0.9, "gamma");
        close(f.phi, 0.86, "phi");
        close(f.sigma, 10.861670393853954, "sigma");
        same_points(
            &f.points,
            &[
                (431.961482143399, 418.04169144572603, 445.88127284107196),
                (426.0880717309415, 412.08643691512975, 440.0897065467533),
                (418.88329140486, 404.78886555703525, 432.9777172526848),
                (411.4076958649938, 397.21073653290506, 425.60465519708254),
                (407.82489922902755, 393.5168723111275, 422.1329261469276),
                (395.71495074199566, 381.2884844129698, 410.1414170710215),
                (402.424923738791, 387.873732091396, 416.976115386186),
                (407.6356393138441, 392.95442966021466, 422.3168489674735),
                (414.94272882394813, 400.1271022914237, 429.7583553564726),
                (417.53467503892534, 402.58102690596985, 432.48832317188084),
                (427.7546379831379, 412.660061878045, 442.84921408823084),
                (435.0595944087563, 419.82179283331106, 450.29739598420156),
                (432.61580398283525, 412.33596266492987, 452.8956453007406),
            ],
        );
    }

    #[test]
    fn a_seasonal_series_gets_holt_winters_and_keeps_its_season() {
        let season = [
            5.0, 3.0, 0.0, -2.0, -4.0, -6.0, -6.0, -4.0, -2.0, 0.0, 6.0, 10.0,
        ];
        let y: Vec<f64> = (0..36)
            .map(|t| 100.0 + 2.0 * t as f64 + season[t % 12])
            .collect();
        let f = forecast(&y, 3).unwrap();
        assert_eq!(f.method, Method::HoltWinters);
        for (h, (v, lo, hi)) in f.points.iter().enumerate() {
            let t = 36 + h;
            let want = 100.0 + 2.0 * t as f64 + season[t % 12];
            assert!((v - want).abs() < 0.5, "h={h}: {v} vs {want}");
            assert!(lo <= v && v <= hi);
        }
    }

    #[test]
    fn a_falling_rate_is_not_forecast_below_zero_and_a_rising_one_not_above_one() {
        // A straight line continues exactly: -0.05, -0.1, -0.15 before the clamp.
        let y = [0.25, 0.2, 0.15, 0.1, 0.05, 0.0];
        let mut f = forecast(&y, 3).unwrap();
        assert!(f.points.iter().all(|p| p.2 < -0.04), "{:?}", f.points);
        f.clamp(Some(0.0), Some(1.0));
        for &(v, lo, hi) in &f.points {
            assert_eq!((v, lo, hi), (0.0, 0.0, 0.0));
        }
        let y = [0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];
        let mut f = forecast(&y, 3).unwrap();
        assert!(f.points.iter().any(|p| p.2 > 1.0), "{:?}", f.points);
        f.clamp(Some(0.0), Some(1.0));
        assert!(f
            .points
            .iter()
            .all(|p| p.0 <= 1.0 && p.2 == 1.0 && p.1 >= 0.0));
        // A band is cut where it crosses the edge; the rest is left as it is.
        let before = forecast(&[10.0, 14.0, 11.0, 15.0, 12.0, 16.0, 13.0], 3).unwrap();
        let mut after = before.clone();
        after.clamp(Some(0.0), None);
        assert_eq!(after.points, before.points);
    }

    #[test]
    fn the_band_is_the_ets_interval_not_z80_sigma_sqrt_h() {
        // α 0.5, β 0.95 (β* = 0.475): c_1 = 0.975, c_2 = 1.45, so √v_h/σ is 1,
        // √1.950625 and √4.053125 where √h would give 1, √2 and √3. ref(E, 10 * 0.05, 19 * 0.05, H=3).
        let y = [10.0, 14.0, 11.0, 15.0, 12.0, 16.0, 13.0];
        let f = forecast(&y, 3).unwrap();
        assert_eq!(f.method, Method::Holt);
        close(f.alpha, 0.5, "alpha");
        close(f.beta, 0.95, "beta");
        close(f.sigma, 3.915795711452166, "sigma");
        same_points(
            &f.points,
            &[
                (13.463370380859377, 8.445076256495021, 18.481664505223733),
                (13.046106582031253, 6.037317272259037, 20.05489589180347),
                (12.62884278320313, 2.5258251544104073, 22.731860411995854),
            ],
        );
        let c = |j: f64| f.alpha + f.alpha * f.beta * j;
        for (h, var) in [
            1.0,
            1.0 + c(1.0).powi(2),
            1.0 + c(1.0).powi(2) + c(2.0).powi(2),
        ]
        .into_iter()
        .enumerate()
        {
            let (v, lo, hi) = f.points[h];
            close(hi - v, Z80 * f.sigma * var.sqrt(), "high");
            close(v - lo, Z80 * f.sigma * var.sqrt(), "low");
        }
        let (v, _, hi) = f.points[2];
        assert!(hi - v > Z80 * f.sigma * 3f64.sqrt() + 1.0);
    }
}
