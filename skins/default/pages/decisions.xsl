<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- The client's decision log. -->
  <xsl:template match="content" mode="page">
    <h1>Decisions</h1>
    <xsl:if test="count(projects/project) &gt; 1">
      <form method="get" action="/decisions" class="inline filter">
        <label for="f-project">Project</label>
        <select id="f-project" name="project">
          <option value="">All projects</option>
          <xsl:for-each select="projects/project">
            <option value="{id}"><xsl:if test="id = /atrium/content/decisions/@project"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
        <button type="submit">Show</button>
      </form>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="decisions/decision">
        <xsl:apply-templates select="decisions/decision" mode="section"/>
      </xsl:when>
      <xsl:otherwise><p class="empty">No decisions recorded yet.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
