<?xml version="1.0" encoding="UTF-8"?>
<!--
  Charts as inline SVG (imported by layout.xsl); no script.  Each chart
  has a text alternative: a caption and a table with the same figures.
  chart-progress: a project's progress (0..100).
  chart-timeline: a project's <timeline> (core/hub/charts.c computes
    each point's x on a 0..@width axis, and today's).
  chart-bars: a <chart title max><bar label value/></chart> of the
    staff dashboard.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <xsl:template name="chart-progress">
    <xsl:param name="pct" select="0"/>
    <figure class="chart chart-progress">
      <svg viewBox="0 0 200 16" width="200" height="16" role="img"
           aria-label="{$pct}% done" xmlns="http://www.w3.org/2000/svg">
        <rect x="0" y="0" width="200" height="16" rx="8" class="chart-track" fill="#d9dee4"/>
        <rect x="0" y="0" width="{$pct * 2}" height="16" rx="8" class="chart-fill" fill="currentColor"/>
      </svg>
      <figcaption><xsl:value-of select="$pct"/>% done</figcaption>
    </figure>
  </xsl:template>

  <xsl:template name="chart-timeline">
    <xsl:param name="t" select="timeline"/>
    <xsl:if test="$t/point">
      <figure class="chart chart-timeline" aria-labelledby="tl-cap">
        <svg viewBox="-20 0 1040 90" width="100%" height="90" role="img"
             aria-labelledby="tl-cap" xmlns="http://www.w3.org/2000/svg">
          <line x1="0" y1="45" x2="{$t/@width}" y2="45" stroke="#5a6470" stroke-width="2"/>
          <xsl:for-each select="$t/point">
            <g class="tl-point">
              <xsl:attribute name="class">tl-point<xsl:choose>
                <xsl:when test="@done = '1'"> tl-done</xsl:when>
                <xsl:when test="@overdue = '1'"> tl-overdue</xsl:when>
              </xsl:choose></xsl:attribute>
              <xsl:choose>
                <xsl:when test="@overdue = '1'">
                  <path d="M{@x - 8},37 L{@x + 8},53 M{@x + 8},37 L{@x - 8},53" stroke="#b3261e" stroke-width="4"/>
                </xsl:when>
                <xsl:when test="@done = '1'">
                  <circle cx="{@x}" cy="45" r="8" fill="#1c7c3a"/>
                </xsl:when>
                <xsl:otherwise>
                  <circle cx="{@x}" cy="45" r="8" fill="#ffffff" stroke="#2f5bea" stroke-width="3"/>
                </xsl:otherwise>
              </xsl:choose>
              <title><xsl:value-of select="@title"/>, <xsl:value-of select="@due"/></title>
            </g>
          </xsl:for-each>
          <line x1="{$t/@today-x}" y1="10" x2="{$t/@today-x}" y2="80" stroke="#8a5a00" stroke-width="2" stroke-dasharray="4 3" class="tl-today"/>
          <text x="{$t/@today-x}" y="9" text-anchor="middle" font-size="12" fill="#5a6470">Today</text>
          <text x="0" y="78" font-size="12" fill="#5a6470"><xsl:value-of select="$t/@from"/></text>
          <text x="{$t/@width}" y="78" text-anchor="end" font-size="12" fill="#5a6470"><xsl:value-of select="$t/@to"/></text>
        </svg>
        <figcaption id="tl-cap">Milestone timeline from <xsl:value-of select="$t/@from"/> to <xsl:value-of select="$t/@to"/>; today is <xsl:value-of select="$t/@today"/>.</figcaption>
        <table class="list chart-table">
          <caption class="visually-hidden">Milestones on the timeline</caption>
          <thead><tr><th scope="col">Milestone</th><th scope="col">Due</th><th scope="col">State</th></tr></thead>
          <tbody>
            <xsl:for-each select="$t/point">
              <tr><td><xsl:value-of select="@title"/></td><td><xsl:value-of select="@due"/></td>
                <td><xsl:choose>
                  <xsl:when test="@done = '1'">Done</xsl:when>
                  <xsl:when test="@overdue = '1'">Overdue</xsl:when>
                  <xsl:otherwise>Ahead</xsl:otherwise>
                </xsl:choose></td></tr>
            </xsl:for-each>
          </tbody>
        </table>
      </figure>
    </xsl:if>
  </xsl:template>

  <xsl:template name="chart-bars">
    <xsl:param name="c" select="."/>
    <xsl:variable name="n" select="count($c/bar)"/>
    <figure class="chart chart-bars chart-{$c/@name}">
      <figcaption id="chart-{$c/@name}-cap"><xsl:value-of select="$c/@title"/></figcaption>
      <svg viewBox="0 0 {$n * 60} 130" width="{$n * 60}" height="130" role="img"
           aria-labelledby="chart-{$c/@name}-cap" xmlns="http://www.w3.org/2000/svg">
        <xsl:for-each select="$c/bar">
          <xsl:variable name="h" select="round(@value * 100 div $c/@max)"/>
          <rect x="{(position() - 1) * 60 + 10}" y="{110 - $h}" width="40" height="{$h}" fill="#2f5bea">
            <title><xsl:value-of select="@label"/>: <xsl:value-of select="@value"/></title>
          </rect>
          <text x="{(position() - 1) * 60 + 30}" y="{105 - $h}" text-anchor="middle" font-size="12" fill="#1b1f24"><xsl:value-of select="@value"/></text>
          <line x1="{(position() - 1) * 60}" y1="110" x2="{position() * 60}" y2="110" stroke="#5a6470"/>
        </xsl:for-each>
      </svg>
      <table class="list chart-table">
        <thead><tr><th scope="col">Period</th><th scope="col"><xsl:value-of select="translate(substring($c/@unit, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/><xsl:value-of select="substring($c/@unit, 2)"/></th></tr></thead>
        <tbody>
          <xsl:for-each select="$c/bar">
            <tr><td><xsl:value-of select="@label"/></td><td><xsl:value-of select="@value"/></td></tr>
          </xsl:for-each>
        </tbody>
      </table>
    </figure>
  </xsl:template>

  <!-- The staff dashboard's <charts>. -->
  <xsl:template name="dashboard-charts">
    <xsl:if test="charts/chart">
      <section class="charts" aria-labelledby="charts-h">
        <h2 id="charts-h">At a glance</h2>
        <xsl:for-each select="charts/chart">
          <xsl:call-template name="chart-bars"/>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
