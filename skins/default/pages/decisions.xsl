<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- The client's decision log. -->
  <xsl:template match="content" mode="page">
    <h1>Decisions</h1>
    <xsl:if test="count(projects/project) &gt; 1">
      <form method="get" action="{$base}/decisions" class="filter" role="search" aria-label="Decisions">
        <div class="ctl">
          <label for="f-project">Project</label>
          <select id="f-project" name="project">
            <option value="">All projects</option>
            <xsl:for-each select="projects/project">
              <option value="{id}"><xsl:if test="id = /atrium/content/decisions/@project"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="decisions/decision">
        <xsl:apply-templates select="decisions/decision" mode="section">
          <xsl:with-param name="level" select="2"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty">
          <xsl:with-param name="icon">scale</xsl:with-param>
          <xsl:with-param name="title">No decisions recorded yet.</xsl:with-param>
          <xsl:with-param name="text">When you approve a request or your team records a decision with you, it is kept here with who decided and when.</xsl:with-param>
          <xsl:with-param name="href">/approvals</xsl:with-param>
          <xsl:with-param name="label">See your approvals</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
