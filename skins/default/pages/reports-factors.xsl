<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The client health factors' weights, one form per factor (admins). -->
  <xsl:template match="content" mode="page">
    <h1>Client health factors</h1>
    <p><a href="{$base}/staff/reports/health">Back to client health</a></p>
    <p>A factor takes min(most, points per unit × (value − units that cost nothing)) points off a client's 100; points per unit 0 switches it off.</p>
    <xsl:variable name="f" select="form"/>
    <xsl:for-each select="factors/factor">
      <section class="card" aria-labelledby="hf-{@name}">
        <h2 id="hf-{@name}"><xsl:value-of select="@label"/></h2>
        <p class="muted">Measured in <xsl:value-of select="@unit"/>. Defaults: <xsl:value-of select="@default-weight"/> points per unit over <xsl:value-of select="@default-allow"/>, at most <xsl:value-of select="@default-cap"/>.</p>
        <xsl:variable name="mine" select="$f/field[@name = 'name']/@value = @name"/>
        <form method="post" action="{$base}/staff/reports/health/factors" class="filter">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="name" value="{@name}"/>
          <div class="ctl">
            <label for="hf-{@name}-w">Points per unit</label>
            <input id="hf-{@name}-w" name="weight" inputmode="decimal" value="{@weight}" required="required"/>
          </div>
          <div class="ctl">
            <label for="hf-{@name}-a">Units that cost nothing</label>
            <input id="hf-{@name}-a" name="allow" inputmode="decimal" value="{@allow}" required="required"/>
          </div>
          <div class="ctl">
            <label for="hf-{@name}-c">Most points</label>
            <input id="hf-{@name}-c" name="cap" inputmode="decimal" value="{@cap}" required="required"/>
          </div>
          <button type="submit">Save</button>
        </form>
        <xsl:if test="$mine">
          <xsl:for-each select="$f/field[@error]">
            <p class="error" role="alert"><xsl:value-of select="@error"/></p>
          </xsl:for-each>
        </xsl:if>
      </section>
    </xsl:for-each>
    <xsl:for-each select="weekly">
      <section class="card" aria-labelledby="hf-weekly">
        <h2 id="hf-weekly">Weekly summary</h2>
        <p class="muted">Admins get the summary of the seven days before this day once a week, at the first run of the jobs from this hour on (time zone <xsl:value-of select="@timezone"/>).</p>
        <xsl:variable name="d" select="@weekday"/>
        <xsl:variable name="h" select="@hour"/>
        <form method="post" action="{$base}/staff/reports/health/weekly" class="filter">
          <xsl:call-template name="csrf"/>
          <div class="ctl">
            <label for="hf-weekly-d">Day</label>
            <select id="hf-weekly-d" name="weekday">
              <option value="1"><xsl:if test="$d = 1"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Monday</option>
              <option value="2"><xsl:if test="$d = 2"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Tuesday</option>
              <option value="3"><xsl:if test="$d = 3"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Wednesday</option>
              <option value="4"><xsl:if test="$d = 4"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Thursday</option>
              <option value="5"><xsl:if test="$d = 5"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Friday</option>
              <option value="6"><xsl:if test="$d = 6"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Saturday</option>
              <option value="7"><xsl:if test="$d = 7"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Sunday</option>
            </select>
          </div>
          <div class="ctl">
            <label for="hf-weekly-h">Hour</label>
            <input id="hf-weekly-h" name="hour" type="number" min="0" max="23" inputmode="numeric" value="{$h}" required="required"/>
          </div>
          <button type="submit">Save</button>
        </form>
        <xsl:for-each select="../form/field[@error][@name = 'weekday' or @name = 'hour']">
          <p class="error" role="alert"><xsl:value-of select="@error"/></p>
        </xsl:for-each>
      </section>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
