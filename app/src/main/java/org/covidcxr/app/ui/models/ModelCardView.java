package org.covidcxr.app.ui.models;

import java.util.List;
import java.util.regex.Pattern;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.covidcxr.app.ui.controls.Views;

/**
 * A model card laid out for reading: intended use and known limitations first, then the figures as tables, the
 * evaluation plots as thumbnails that open full size, and provenance. Everything shown comes ready-made from
 * {@link ModelCardContent}; this only lays it out.
 */
public final class ModelCardView extends ScrollPane {
    static final double THUMBNAIL_WIDTH = 220;
    private static final Pattern FIGURE = Pattern.compile("—|-?[0-9][0-9.]*( %)?( \\([0-9.–]+\\))?");
    private final VBox page = new VBox();

    public ModelCardView() {
        getStylesheets().add(ModelCardView.class.getResource("ModelCardView.css").toExternalForm());
        getStyleClass().add("model-card-view");
        page.getStyleClass().add("model-card");
        setContent(page);
        setFitToWidth(true);
    }

    /** Shows a message instead of a card (none selected, being read, unreadable). */
    public void showMessage(String message) {
        page.getChildren().setAll(text(message, "card-note"));
    }

    public void show(ModelCardContent card) {
        page.getChildren().setAll(text(card.heading(), "card-heading"));
        card.warnings().forEach(w -> page.getChildren().add(text(w, "card-warning")));
        page.getChildren().add(use(card));

        page.getChildren().add(sectionTitle("Figures"));
        VBox figures = section("card-figures", card.figureNotes(), card.figures());
        page.getChildren().add(figures);

        page.getChildren().add(sectionTitle("Plots"));
        VBox plots = section("card-plots", card.plotNotes(), List.of());
        card.plots().forEach(g -> plots.getChildren().add(plotGroup(g)));
        page.getChildren().add(plots);

        page.getChildren().add(sectionTitle("Provenance"));
        VBox provenance = section("card-provenance", List.of(), card.provenance());
        card.provenanceNotes().forEach(n -> provenance.getChildren().add(text(n, "card-note")));
        page.getChildren().add(provenance);
        setVvalue(0);
    }

    private static VBox use(ModelCardContent card) {
        Label intended = text(card.intendedUse(), "card-use-text");
        intended.setId("card-intended-use");
        VBox limitations = new VBox();
        limitations.setId("card-limitations");
        limitations.getStyleClass().add("card-limitations");
        if (card.limitations().isEmpty()) {
            limitations.getChildren().add(text("The card lists no known limitations; that does not mean there are "
                    + "none.", "card-note"));
        }
        card.limitations().forEach(l -> limitations.getChildren().add(text("•  " + l, "card-limitation")));
        VBox box = new VBox(text("Intended use", "card-use-title"), intended,
                text("Known limitations", "card-use-title"), limitations);
        box.setId("card-use");
        box.getStyleClass().add("card-use");
        return box;
    }

    private static VBox section(String id, List<String> notes, List<CardTable> tables) {
        VBox box = new VBox();
        box.setId(id);
        box.getStyleClass().add("card-section");
        notes.forEach(n -> box.getChildren().add(text(n, "card-note")));
        tables.forEach(t -> box.getChildren().add(table(t)));
        return box;
    }

    private static Node table(CardTable table) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("card-table");
        grid.setUserData(table.title());
        boolean header = !table.columns().isEmpty();
        if (header) {
            for (int c = 0; c < table.columns().size(); c++) {
                Label cell = cell(table.columns().get(c), figures(table, c), "card-header");
                cell.setMinWidth(USE_PREF_SIZE);
                grid.add(cell, c, 0);
            }
        } else {
            // Label–value pairs: the values (descriptions, paths) wrap in what is left of the width.
            ColumnConstraints labels = new ColumnConstraints();
            labels.setMinWidth(USE_PREF_SIZE);
            ColumnConstraints values = new ColumnConstraints();
            values.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().setAll(labels, values);
        }
        int offset = header ? 1 : 0;
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> row = table.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                Label cell = cell(row.get(c), header && figures(table, c), r % 2 == 1 ? "card-row-odd"
                        : "card-row");
                if (header) {
                    // Figures are not squeezed into "0.9…": a table wider than the card scrolls instead.
                    cell.setMinWidth(USE_PREF_SIZE);
                } else {
                    cell.getStyleClass().add(c == 0 ? "card-key" : "card-value");
                    cell.setWrapText(c > 0);
                }
                grid.add(cell, c, r + offset);
            }
        }
        VBox box = new VBox(text(table.title(), "card-table-title"));
        if (!table.caption().isEmpty()) {
            box.getChildren().add(text(table.caption(), "card-note"));
        }
        box.getChildren().add(grid);
        box.getStyleClass().add("card-table-box");
        return box;
    }

    /** Whether a column holds only figures (numbers, percentages, intervals), which line up on the right. */
    private static boolean figures(CardTable table, int column) {
        return table.rows().stream().allMatch(r -> column < r.size() && FIGURE.matcher(r.get(column)).matches());
    }

    /** A table cell filling its grid cell (so that rows are striped); figures right-aligned. */
    private static Label cell(String value, boolean figure, String style) {
        Label cell = new Label(value);
        cell.getStyleClass().addAll("card-cell", style);
        cell.setMaxWidth(Double.MAX_VALUE);
        cell.setMaxHeight(Double.MAX_VALUE);
        cell.setAlignment(figure ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        GridPane.setHalignment(cell, figure ? HPos.RIGHT : HPos.LEFT);
        GridPane.setFillWidth(cell, true);
        return cell;
    }

    private Node plotGroup(PlotGroup group) {
        FlowPane thumbnails = new FlowPane();
        thumbnails.getStyleClass().add("card-plot-row");
        for (CardPlot plot : group.plots()) {
            thumbnails.getChildren().add(thumbnail(group, plot));
        }
        return new VBox(text(group.title(), "card-table-title"), thumbnails);
    }

    private Button thumbnail(PlotGroup group, CardPlot plot) {
        // One image serves the thumbnail and the full-size window.
        Image image = Views.toImage(plot.image());
        ImageView view = new ImageView(image);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setFitWidth(THUMBNAIL_WIDTH);
        Button button = new Button(plot.caption(), view);
        button.setContentDisplay(ContentDisplay.TOP);
        button.getStyleClass().add("card-plot");
        button.setUserData(plot.file());
        button.setTooltip(new Tooltip(plot.file() + " — click to open full size"));
        button.setOnAction(e -> openFullSize(group.title() + " — " + plot.caption(), image));
        return button;
    }

    private void openFullSize(String title, Image image) {
        ScrollPane pane = new ScrollPane(new ImageView(image));
        pane.setPannable(true);
        var bounds = Screen.getPrimary().getVisualBounds();
        Stage stage = new Stage();
        stage.initOwner(getScene().getWindow());
        stage.setTitle(title);
        stage.setScene(new Scene(pane, Math.min(image.getWidth() + 4, bounds.getWidth() * 0.9),
                Math.min(image.getHeight() + 4, bounds.getHeight() * 0.9)));
        stage.getScene().setOnKeyPressed(k -> {
            if (k.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.show();
    }

    private static Label sectionTitle(String title) {
        return text(title, "card-section-title");
    }

    private static Label text(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.getStyleClass().add(style);
        return label;
    }
}
