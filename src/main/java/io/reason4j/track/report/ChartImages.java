package io.reason4j.track.report;

import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A chart drawn twice through Java2D from the same {@link JFreeChart}: onto an image for the PNG file
 * and onto Batik's {@link SVGGraphics2D} for the SVG inlined in the HTML page, so both show the same.
 *
 * <p>Why JFreeChart with Batik: JFreeChart (LGPL) is the established Java charting library with no
 * dependencies of its own; its companion JFreeSVG is GPL-3.0, which the shaded reason4j jar cannot
 * carry, while Batik's SVG generator (Apache-2.0) turns any Java2D drawing into SVG.
 */
public final class ChartImages {

    static {
        useHeadlessAwt();
    }

    /**
     * Drawing needs no display. Java assumes headless only when DISPLAY is unset; with DISPLAY set to
     * an X server that cannot be reached (a stale ssh forwarding) AWT would fail at the first font.
     * Called before any chart is built ({@link Charts}) and before any is drawn.
     */
    static void useHeadlessAwt() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private ChartImages() {}

    /** The chart as a PNG of {@code width} × {@code height} pixels. */
    public static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The chart as an {@code <svg>} element (no XML declaration, no DOCTYPE, nothing external) that
     * scales to its container. Batik numbers its clip paths from 1 in every drawing; {@code idPrefix}
     * keeps the ids of several SVGs in one page apart, or every plot would clip to the first one's.
     */
    public static String svg(JFreeChart chart, int width, int height, String idPrefix, String label) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String prefix) {
                return idPrefix + "-" + super.generateID(prefix);
            }
        });
        context.setComment(null);
        context.setPrecision(2); // hundredths of a pixel
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Element root = g.getRoot();
        // The one id Batik does not take from the generator: unused, but ids must be unique in a page.
        NodeList defs = root.getElementsByTagName("defs");
        for (int i = 0; i < defs.getLength(); i++) {
            Element d = (Element) defs.item(i);
            if (d.getAttribute("id").equals("genericDefs")) d.setAttribute("id", idPrefix + "-genericDefs");
        }
        root.setAttribute("font-family", "sans-serif"); // Java's logical font 'Dialog' means nothing to a browser
        root.setAttribute("viewBox", "0 0 " + width + " " + height);
        root.setAttribute("role", "img");
        root.setAttribute("aria-label", label);
        root.setAttribute("class", "plot");
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.METHOD, "xml");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(root), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
