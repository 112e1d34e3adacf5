//! The cell language's reference: every registered function with its signature, what it does
//! and an example. `help()`, `%help`, completion and inspection read this table; a test checks
//! that it lists exactly the functions the engine registers.

/// One documented function of the cell language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FnDoc {
    /// Name as called in a cell.
    pub name: &'static str,
    /// Signature(s), one per line.
    pub signature: &'static str,
    /// What it does (English; BPS terms kept).
    pub doc: &'static str,
    /// A cell that uses it.
    pub example: &'static str,
    /// Group shown by `help()`.
    pub group: &'static str,
}

macro_rules! docs {
    ($( $group:literal { $( $name:literal : $sig:literal => $doc:literal ; $ex:literal )* } )*) => {
        /// All documented functions, grouped.
        pub const DOCS: &[FnDoc] = &[
            $( $( FnDoc { name: $name, signature: $sig, doc: $doc, example: $ex, group: $group }, )* )*
        ];
    };
}

docs! {
    "data / data" {
        "dataset": "dataset(name) -> Frame" =>
            "A bundled dataset: \"jabar\" (27 kab/kota of Jawa Barat, long), \"indonesia\" (all 514 kab/kota by BPS code, long; also \"kabkota\"), \"provinces\" (38 provinces, long), \"regions\" (the registry: codes, names, aliases)." ;
            "let d = dataset(\"jabar\");"
        "jabar_panel": "jabar_panel() -> Panel" =>
            "The Jawa Barat region × year panel (region_code, year, one column per indicator)." ;
            "let p = jabar_panel();"
        "indonesia_panel": "indonesia_panel() -> Panel" =>
            "The panel of all 514 kab/kota of Indonesia (region_code, year, one column per indicator): P0 and poor population 2004–2025, TPT 2009–2015 and 2017–2024, TPAK 2018–2024, P1/P2 2015–2023; Jawa Barat's curated series within." ;
            "let p = indonesia_panel(); p.region(\"Kota Surabaya\")"
        "load": "load(path) -> Frame\nload(path, options) -> Frame" =>
            "Load a BPS / Open Data Jabar file as published (CSV, XLSX, Parquet, JSON) into the tidy long frame. Options: format ({formats}), indicator, sheet, source_id. Paths are relative to the notebook's folder and must lie inside it or INDIKATOR_DATA." ;
            "let d = load(\"data/bps_p0_2024.csv\", #{indicator: \"poverty_rate\"});"
        "read": "read(path) -> Frame" =>
            "Read a plain CSV or Parquet table as it is (no BPS parsing)." ;
            "let t = read(\"my_table.csv\");"
        "panel": "panel(frame) -> Panel\npanel(frame, entity, time) -> Panel" =>
            "A region × year panel from a long frame (one column per indicator), or from a wide frame with the given entity and time columns." ;
            "let p = panel(dataset(\"provinces\"));"
        "frame": "panel.frame() -> Frame" =>
            "The panel's wide frame." ;
            "jabar_panel().frame().head(5)"
        "report": "panel.report() -> Text" =>
            "Balance, coverage per indicator, gaps and known series breaks of a panel." ;
            "jabar_panel().report()"
        "region": "panel.region(name_or_code) -> Frame" =>
            "The rows of one region (name or BPS code)." ;
            "jabar_panel().region(\"Kota Sukabumi\")"
        "sql": "sql(query) -> Frame" =>
            "polars SQL over the frames and panels in your variables (by variable name) and the datasets jabar, provinces, kabkota, regions, panel. A cell starting with %%sql runs its body the same way (%%sql name also stores the result in `name`)." ;
            "sql(\"SELECT year, AVG(poverty_rate) AS p0 FROM panel GROUP BY year ORDER BY year\")"
        "head": "frame.head() -> Frame\nframe.head(n) -> Frame" =>
            "The first n rows (5 by default)." ;
            "dataset(\"jabar\").head(3)"
        "tail": "frame.tail(n) -> Frame" =>
            "The last n rows." ;
            "dataset(\"jabar\").tail(3)"
        "filter": "frame.filter(condition) -> Frame" =>
            "Rows where an SQL condition holds." ;
            "jabar_panel().frame().filter(\"year >= 2020 AND poverty_rate > 10\")"
        "select": "frame.select([columns]) -> Frame" =>
            "These columns, in this order." ;
            "jabar_panel().frame().select([\"region_code\", \"year\", \"poverty_rate\"])"
        "sort": "frame.sort(column) -> Frame\nframe.sort(column, descending) -> Frame" =>
            "Rows sorted by a column." ;
            "jabar_panel().frame().sort(\"poverty_rate\", true).head(5)"
        "describe": "frame.describe() -> Frame" =>
            "count, null_count, mean, std, min, median, max of every numeric column." ;
            "jabar_panel().frame().describe()"
        "join": "frame.join(other, on) -> Frame\nframe.join(other, on, how) -> Frame" =>
            "Join two frames on a column (or an array of columns); how = \"left\" (default), \"inner\", \"full\"." ;
            "p.frame().join(dataset(\"regions\").select([\"code\", \"name\"]).rename(\"code\", \"region_code\"), \"region_code\")"
        "rename": "frame.rename(old, new) -> Frame" =>
            "Rename one column." ;
            "dataset(\"regions\").rename(\"code\", \"region_code\")"
        "columns": "frame.columns() -> Array" =>
            "Column names." ;
            "jabar_panel().frame().columns()"
        "height": "frame.height -> int" =>
            "Number of rows." ;
            "dataset(\"jabar\").height"
        "width": "frame.width -> int" =>
            "Number of columns." ;
            "dataset(\"jabar\").width"
        "col": "frame.col(name) -> Array" =>
            "One column's values (null as ())." ;
            "jabar_panel().region(\"Kota Sukabumi\").col(\"poverty_rate\")"
        "unique": "frame.unique(name) -> Array" =>
            "Distinct values of a column, sorted." ;
            "dataset(\"jabar\").unique(\"indicator\")"
        "to_csv": "frame.to_csv(path)" =>
            "Write a frame as CSV (inside the notebook's folder or INDIKATOR_DATA)." ;
            "p.frame().to_csv(\"panel.csv\")"
    }
    "models / model" {
        "fit": "fit(panel_or_frame, formula) -> Model\nfit(panel_or_frame, formula, options) -> Model" =>
            "Fit a model; formula in fixest syntax (`y ~ x1 + log(x2) | region_code + year`). Options: estimator ({estimators}), vcov (iid, hetero, HC1, cluster:region_code, …), ssc (fixest, full, none, linearmodels), from, to, drop_singletons." ;
            "let m = fit(jabar_panel(), \"poverty_rate ~ unemployment_rate | region_code\", #{vcov: \"cluster:region_code\", from: 2015});"
        "coef": "model.coef(term) -> float" =>
            "An estimated coefficient." ;
            "m.coef(\"unemployment_rate\")"
        "std_error": "model.std_error(term) -> float" =>
            "Its standard error under the model's covariance." ;
            "m.std_error(\"unemployment_rate\")"
        "se": "model.se(…)" =>
            "Alias of std_error (the first release's name; kept for one release)." ;
            "se"
        "pvalue": "model.pvalue(…)" =>
            "Alias of p_value (the first release's name; kept for one release)." ;
            "pvalue"
        "coef_table": "model.coef_table() -> Frame" =>
            "The coefficient table (term, estimate, std_error, t, p_value, ci_low, ci_high)." ;
            "m.coef_table()"
        "coefs": "model.coefs(…)" =>
            "Alias of coef_table (the first release's name; kept for one release)." ;
            "coefs"
        "nobs": "model.nobs -> int" =>
            "Observations used." ;
            "m.nobs"
        "r2": "model.r2 -> float" =>
            "R² of the full model (fixed effects included)." ;
            "m.r2"
        "r2_within": "model.r2_within -> float" =>
            "Within R² (fixed-effects models; () otherwise)." ;
            "m.r2_within"
        "with_vcov": "model.with_vcov(vcov) -> Model\nmodel.with_vcov(vcov, ssc) -> Model" =>
            "The same fit with another covariance (iid, hetero, cluster:region_code, …)." ;
            "m.with_vcov(\"iid\")"
        "wald": "model.wald([terms]) -> Test" =>
            "Wald test that these coefficients are all zero." ;
            "m.wald([\"unemployment_rate\"])"
        "compare": "compare([models]) -> Table\ncompare(#{name: model, …}) -> Table" =>
            "A regression table of several models side by side." ;
            "compare(#{CEM: m1, FEM: m2})"
        "wild_bootstrap": "wild_bootstrap(model, term) -> Frame\nwild_bootstrap(model, term, options) -> Frame" =>
            "Wild cluster bootstrap (WCR) p-value and interval for one coefficient; options: cluster, reps (9999, the library's default), weights (rademacher, webb), seed." ;
            "wild_bootstrap(m, \"unemployment_rate\", #{reps: 999, seed: 1})"
    }
    "tests / uji" {
        "chow_f": "chow_f(panel, formula) -> Test\nchow_f(panel, formula, #{from, to}) -> Test" =>
            "Chow / F test of region effects: CEM (pooled) against FEM." ;
            "chow_f(jabar_panel(), \"poverty_rate ~ unemployment_rate\")"
        "chow": "chow(…)" =>
            "Alias of chow_f (the first release's name; kept for one release)." ;
            "chow"
        "breusch_pagan_lm": "breusch_pagan_lm(panel, formula) -> Test\nbreusch_pagan_lm(panel, formula, #{from, to}) -> Test" =>
            "Breusch–Pagan LM test of random effects: CEM against REM." ;
            "breusch_pagan_lm(jabar_panel(), \"poverty_rate ~ unemployment_rate\")"
        "bp_lm": "bp_lm(…)" =>
            "Alias of breusch_pagan_lm (the first release's name; kept for one release)." ;
            "bp_lm"
        "hausman": "hausman(panel, formula) -> Test\nhausman(panel, formula, #{from, to}) -> Test" =>
            "Hausman test: FEM against REM." ;
            "hausman(jabar_panel(), \"poverty_rate ~ unemployment_rate\")"
        "pesaran_cd": "pesaran_cd(panel, formula) -> Test\npesaran_cd(panel, formula, #{from, to}) -> Test" =>
            "Pesaran CD test of cross-sectional dependence (within residuals)." ;
            "pesaran_cd(jabar_panel(), \"poverty_rate ~ unemployment_rate\")"
        "wooldridge_serial": "wooldridge_serial(panel, formula) -> Test\nwooldridge_serial(panel, formula, #{from, to}) -> Test" =>
            "Wooldridge test of serial correlation in panel errors." ;
            "wooldridge_serial(jabar_panel(), \"poverty_rate ~ unemployment_rate\")"
        "wooldridge": "wooldridge(…)" =>
            "Alias of wooldridge_serial (the first release's name; kept for one release)." ;
            "wooldridge"
        "jarque_bera": "jarque_bera(model) -> Test" =>
            "Jarque–Bera test of normal residuals." ;
            "jarque_bera(m)"
        "vif": "vif(model) -> Frame" =>
            "Variance inflation factors." ;
            "vif(m)"
        "model_choice": "model_choice(panel, formula) -> Choice\nmodel_choice(panel, formula, alpha) -> Choice\nmodel_choice(panel, formula, #{from, to, alpha}) -> Choice" =>
            "Chow, Breusch–Pagan LM and Hausman in the order Indonesian analysts use them, with the chosen model (CEM / FEM / REM) and the reasons in Indonesian and English." ;
            "model_choice(jabar_panel(), \"poverty_rate ~ unemployment_rate\")"
        "statistic": "test.statistic -> float" =>
            "The test statistic." ;
            "hausman(p, f).statistic"
        "p_value": "test.p_value -> float\nmodel.p_value(term) -> float" =>
            "The test's p-value; or a coefficient's two-sided p-value." ;
            "hausman(p, f).p_value"
        "chosen": "choice.chosen -> string" =>
            "The chosen model: CEM, FEM or REM." ;
            "model_choice(p, f).chosen"
    }
    "spatial / spasial" {
        "spatial": "spatial(panel, formula) -> SpatialFit\nspatial(panel, formula, #{model, fe, year_effects, year, from, to, weights, drop_incomplete}) -> SpatialFit" =>
            "Spatial regression by maximum likelihood: model \"ols\" (with Moran's I of the residuals and the LM tests), \"sar\" (spatial lag, ρ), \"sem\" (spatial error, λ), \"sdm\" (spatial Durbin); fe: region fixed effects, year_effects: year effects too; weights \"queen\" (default), \"rook\", \"knn:K\", \"band:KM\" or a neighbour-list CSV. Without year, from or to: the latest year every region has." ;
            "let s = spatial(jabar_panel(), \"poverty_rate ~ unemployment_rate\", #{model: \"sar\", fe: true, from: 2017, to: 2025}); s.coefficients"
        "impacts": "fit.impacts -> Frame" =>
            "Direct, indirect (spill-over) and total effects of each regressor in a lag or Durbin model, with delta-method standard errors." ;
            "spatial(jabar_panel(), \"poverty_rate ~ unemployment_rate\", #{model: \"sar\", year: 2024}).impacts"
        "coefficients": "fit.coefficients -> Frame" =>
            "A spatial fit's coefficients: term, estimate, std_error, t (z for ML), p_value, ci_low, ci_high; the spatial parameter as the term rho or lambda." ;
            "spatial(jabar_panel(), \"poverty_rate ~ unemployment_rate\", #{model: \"sem\", year: 2024}).coefficients"
        "sigma2": "fit.sigma2 -> float" =>
            "A spatial fit's residual variance (ML: e'e/N; OLS: e'e/(N − k))." ;
            "spatial(jabar_panel(), \"poverty_rate ~ unemployment_rate\", #{model: \"sar\", year: 2024}).sigma2"
        "log_likelihood": "fit.log_likelihood -> float" =>
            "The maximised log-likelihood of a spatial model." ;
            "spatial(jabar_panel(), \"poverty_rate ~ unemployment_rate\", #{model: \"sem\", year: 2024}).log_likelihood"
        "moran": "moran(panel, indicator, year) -> Frame" =>
            "Global Moran's I of an indicator in a year on queen contiguity, with its expectation, variance, z and p under normality and randomisation." ;
            "moran(jabar_panel(), \"poverty_rate\", 2024)"
    }
    "projection / proyeksi" {
        "project": "project(panel, formula, region) -> Projection\nproject(panel, formula, region, options) -> Projection" =>
            "Project P0 for one region under TPT scenarios, with 80/95% intervals. Options (defaults as the CLI and the report, from indikator::plan::defaults): to (2030), from (2015), year_effects (zero, last, trend), tpt_target, tpt_by (the year before to), reduce_unemployed + labour_force, bootstrap (reps), method ({methods}; default: the best of {candidates} in the rolling backtest)." ;
            "let pr = project(jabar_panel(), \"poverty_rate ~ unemployment_rate | region_code\", \"Kota Sukabumi\", #{to: 2030, tpt_target: 5.0});"
        "table": "projection.table() -> Frame" =>
            "The projection rows (scenario, year, estimate, ci/pi bounds, the TPT path, year_effect rule)." ;
            "pr.table()"
        "method": "projection.method -> string" =>
            "The forecast method the projection uses (the candidate with the smallest rolling-backtest error unless the method option named one)." ;
            "pr.method"
        "why": "projection.why -> string" =>
            "Why that method, in the session's language: its error in the rolling backtest against no change." ;
            "pr.why"
        "seek_target": "seek_target(panel, formula, region, target, year) -> Target" =>
            "The TPT that would give a P0 target in a year, with its interval, and whether the data can support it." ;
            "seek_target(jabar_panel(), \"poverty_rate ~ unemployment_rate | region_code\", \"Kota Sukabumi\", 6.0, 2026)"
        "required": "target.required -> float" =>
            "The TPT the target needs." ;
            "seek_target(p, f, \"Kota Sukabumi\", 6.0, 2026).required"
        "reachable": "target.reachable -> bool" =>
            "Whether the needed TPT lies within what the data have seen and the effect is identified." ;
            "seek_target(p, f, \"Kota Sukabumi\", 6.0, 2026).reachable"
        "backtest": "backtest(panel, formula, train_to) -> Frame\nbacktest(panel, formula, \"rolling\") -> Frame\nprojection.backtest -> Frame" =>
            "The backtest of `project --backtest` and the report: every forecast method from one cut-off year (fit up to train_to, forecast every later year) or from every rolling origin (up to five years ahead), scored on the same region-years (columns method, horizon, n, mae, rmse, bias, skill_vs_naive, coverage80, coverage95). A projection's `.backtest` is the rolling one its method was chosen by." ;
            "backtest(jabar_panel(), \"poverty_rate ~ unemployment_rate | region_code\", 2019)"
    }
    "charts / grafik" {
        "plot": "plot(frame_or_panel, #{x, y, kind, group}) -> Chart" =>
            "A quick chart of any frame's columns: kind line (default; one line per group), scatter or histogram (of x, 20 bins)." ;
            "plot(jabar_panel(), #{x: \"unemployment_rate\", y: \"poverty_rate\", kind: \"scatter\"})"
        "fan_chart": "fan_chart(projection) -> Chart" =>
            "Fan chart of a projection: history, scenarios, 80/95% bands, the 2015 series break." ;
            "fan_chart(pr)"
        "small_multiples": "small_multiples(panel, indicator, region) -> Chart" =>
            "One small chart per region for an indicator, one region highlighted." ;
            "small_multiples(jabar_panel(), \"poverty_rate\", \"Kota Sukabumi\")"
        "within_scatter": "within_scatter(model, term) -> Chart" =>
            "Scatter of the demeaned response against the demeaned regressor, with the fitted slope." ;
            "within_scatter(m, \"unemployment_rate\")"
        "coef_plot": "coef_plot(#{name: model, …}, term) -> Chart" =>
            "One coefficient across models with 95% intervals." ;
            "coef_plot(#{CEM: m1, FEM: m2}, \"unemployment_rate\")"
        "standing": "standing(region) -> Frame" =>
            "Where a kab/kota stands: its rank among its province's kab/kota and all of Indonesia's for P0 and TPT, the level and the five-year change (rank 1 = highest)." ;
            "standing(\"Kota Sukabumi\")"
        "quadrant": "quadrant(region) -> Chart" =>
            "The P0–TPT quadrant of the region's province: each kab/kota a point, the province's averages as dividing lines (the nation's dashed), the region marked." ;
            "quadrant(\"Kabupaten Sampang\")"
        "rank_chart": "rank_chart(region, indicator) -> Chart" =>
            "The province's kab/kota ranked by poverty_rate or unemployment_rate, the region highlighted, the averages marked." ;
            "rank_chart(\"Kota Sukabumi\", \"poverty_rate\")"
        "map": "map(#{year, indicator, province, level, change_from, classes, region}) -> Chart\nmap(frame, column, #{province, level, classes, region}) -> Chart" =>
            "A choropleth: an indicator in a year (or its change since change_from) for a province by kab/kota, or Indonesia by level \"province\" | \"kabkota\"; or any per-region column of a frame (region_code). Classes \"quantiles:5\" (default), \"equal:4\", \"breaks:0,5,10,20\"; gaps drawn as no data; region outlined." ;
            "map(#{indicator: \"poverty_rate\", year: 2024, province: \"Jawa Barat\", region: \"Kota Sukabumi\"})"
        "lisa_map": "lisa_map(panel, indicator, year) -> Chart" =>
            "LISA cluster map: kab/kota whose local Moran's I is significant at 5% (999 conditional permutations, fixed seed) coloured high–high, low–low, low–high, high–low; queen contiguity from the bundled boundaries." ;
            "lisa_map(jabar_panel(), \"poverty_rate\", 2024)"
        "moran_scatter": "moran_scatter(panel, indicator, year) -> Chart" =>
            "Moran scatter plot: each region's standardised value against its neighbours' average; the line's slope is Moran's I." ;
            "moran_scatter(jabar_panel(), \"poverty_rate\", 2024)"
        "save": "chart.save(stem)" =>
            "Write stem.svg and stem.png (inside the notebook's folder or INDIKATOR_DATA)." ;
            "fan_chart(pr).save(\"out/fan\")"
        "set_lang": "set_lang(\"id\" | \"en\")" =>
            "Language of chart labels: Indonesian (default) or English." ;
            "set_lang(\"en\");"
    }
    "notebook" {
        "display": "display(value)" =>
            "Show any value richly now, in the middle of a cell." ;
            "display(jabar_panel().frame().head(3));"
        "eprint": "eprint(value)" =>
            "Print to standard error." ;
            "eprint(\"warning\");"
        "clear_output": "clear_output()" =>
            "Clear what the cell has shown so far." ;
            "clear_output();"
        "png": "chart.png() -> PngChart" =>
            "Show a chart as PNG instead of SVG (a notebook shows each chart in one format: SVG by default, which scales to the page)." ;
            "small_multiples(jabar_panel(), \"poverty_rate\", \"Kota Sukabumi\").png()"
        "to_xlsx": "frame.to_xlsx(path)" =>
            "Write the frame to an XLSX workbook: headers in the session's language with units, number formats, frozen header, a sources sheet." ;
            "jabar_panel().frame().to_xlsx(\"out/jabar.xlsx\")"
        "help": "help()\nhelp(name)" =>
            "This list, or one function's signature, description and example. The cell `%help` does the same; `?name` opens it in the pager." ;
            "help(\"fit\")"
    }
}

impl FnDoc {
    /// The description, with the lists that live elsewhere filled in: `{methods}` (the forecast
    /// methods that carry scenarios, from [`crate::projection::METHODS`]), `{candidates}` (those
    /// the default is chosen from), `{estimators}` ([`crate::model::ESTIMATORS`]) and `{formats}`
    /// ([`crate::load::LAYOUTS`]).
    pub fn text(&self) -> std::borrow::Cow<'static, str> {
        if !self.doc.contains('{') {
            return self.doc.into();
        }
        let candidates = crate::projection::Method::candidates()
            .iter()
            .map(|m| m.name())
            .collect::<Vec<_>>()
            .join(", ");
        self.doc
            .replace("{methods}", &crate::projection::Method::scenario_names())
            .replace("{candidates}", &candidates)
            .replace("{estimators}", &crate::model::Estimator::names())
            .replace("{formats}", &crate::load::Layout::names())
            .into()
    }
}

/// The documentation of one function.
pub fn lookup(name: &str) -> Option<&'static FnDoc> {
    DOCS.iter().find(|d| d.name == name)
}

/// Markdown help: every function grouped, or one function in full.
pub fn help_markdown(name: Option<&str>) -> Option<String> {
    match name {
        Some(n) => lookup(n).map(|d| {
            format!(
                "**{}**\n\n```\n{}\n```\n\n{}\n\nExample / contoh:\n\n```\n{}\n```\n",
                d.name,
                d.signature,
                d.text(),
                d.example
            )
        }),
        None => {
            let mut s = String::from(
                "# indikator — cell language (Rhai)\n\nVariables and functions persist between cells. `help(\"name\")` shows one function in full.\n",
            );
            let mut group = "";
            for d in DOCS {
                if d.group != group {
                    group = d.group;
                    s.push_str(&format!(
                        "\n## {group}\n\n| function | what it does |\n|---|---|\n"
                    ));
                }
                let first = d.signature.lines().next().unwrap_or(d.name);
                let doc = d.text();
                let short = doc.split(". ").next().unwrap_or(&doc);
                s.push_str(&format!(
                    "| `{}` | {} |\n",
                    first.replace('|', "\\|"),
                    short.replace('|', "\\|")
                ));
            }
            Some(s)
        }
    }
}

/// Plain-text help (for `text/plain`).
pub fn help_text(name: Option<&str>) -> Option<String> {
    match name {
        Some(n) => lookup(n).map(|d| {
            format!(
                "{}\n\n{}\n\nExample:\n    {}",
                d.signature,
                d.text(),
                d.example
            )
        }),
        None => {
            let mut s =
                String::from("indikator cell language (Rhai). help(\"name\") for details.\n");
            let mut group = "";
            for d in DOCS {
                if d.group != group {
                    group = d.group;
                    s.push_str(&format!("\n{group}:\n"));
                }
                let first = d.signature.lines().next().unwrap_or(d.name);
                s.push_str(&format!("  {first}\n"));
            }
            Some(s)
        }
    }
}
